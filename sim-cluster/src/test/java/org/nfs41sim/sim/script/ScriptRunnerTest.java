package org.nfs41sim.sim.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;

/** The runner reports what each step got and fails a script at its first step that goes otherwise. */
class ScriptRunnerTest {
  private static final Nfs41Config DEFAULTS = ConfigLoader.loadDefaults();
  private static final String SETUP =
      "  { c1 = EXCHANGE_ID }\n  { c1 = CREATE_SESSION }\n  { c1 = RECLAIM_COMPLETE }\n"
      + "  { c2 = EXCHANGE_ID }\n  { c2 = CREATE_SESSION }\n  { c2 = RECLAIM_COMPLETE }\n";

  private static ScriptRunner runner;

  @BeforeAll
  static void startRunner() {
    runner = new ScriptRunner(DEFAULTS, false);
  }

  @AfterAll
  static void stopRunner() {
    runner.close();
  }

  private static ScriptResult run(String header, String steps) {
    String text = "cite = \"RFC 8881 §10.4\"\nfiles = [f1]\nclients = [c1, c2]\n" + header
        + "\nsteps = [\n" + SETUP + steps + "]\n";
    return runner.run(ScriptParser.parseString(text, "inline", DEFAULTS));
  }

  @Test
  void aScriptWhoseStepsGoAsExpectedPassesWithOneLinePerStep() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ, as = o1, delegation = READ }\n");

    assertThat(result.passed()).isTrue();
    assertThat(result.lines()).hasSize(7).last().asString()
        .matches("step 7 @0\\.000s c1 OPEN f1 CLAIM_NULL READ -> OK o1=\\[1:\\d+/1] deleg=READ\\[1:\\d+/1]  ok");
  }

  @Test
  void aWrongExpectationFailsTheScriptAtThatStepAndRunsNoFurther() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ, as = o1 }\n"
        + "  { c2 = OPEN, file = f1, access = WRITE, expect = OK }\n"
        + "  { c2 = OPEN, file = f1, access = WRITE, expect = DELAY }\n");

    assertThat(result.passed()).isFalse();
    assertThat(result.failure()).isEqualTo("step 8: expected OK, got DELAY");
    assertThat(result.lines()).last().asString()
        .isEqualTo("step 8 @0.000s c2 OPEN f1 CLAIM_NULL WRITE -> DELAY  FAILED: expected OK, got DELAY");
    assertThat(result.lines()).noneMatch(line -> line.startsWith("step 9"));
  }

  @Test
  void aWrongReplyFieldFailsTheStep() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ, delegation = WRITE }\n");

    assertThat(result.failure()).isEqualTo("step 7: expected delegation WRITE, got READ");
  }

  @Test
  void theReturnPolicyAnswersTheRecallAndReturnsTheDelegation() {
    ScriptResult result = run("callbacks { c1 = return }",
        "  { c1 = OPEN, file = f1, access = READ, as = o1 }\n"
            + "  { c2 = OPEN, file = f1, access = WRITE, expect = DELAY }\n"
            + "  { expect-callback { client = c1, file = f1, delegation = o1.delegation } }\n"
            + "  { advance = 1ms }\n"
            + "  { c2 = OPEN, file = f1, access = WRITE }\n");

    assertThat(result.passed()).as(String.join("\n", result.lines())).isTrue();
    assertThat(result.lines()).anyMatch(l -> l.matches(" +@0\\.000s c1 <- CB_RECALL f1 .*answered OK, DELEGRETURN sent"))
        .anyMatch(l -> l.matches(" +@0\\.000s c1 DELEGRETURN .* -> OK \\(callbacks = return\\)"));
  }

  @Test
  void aSequenceStepChecksTheExactSetOfStatusFlags() {
    ScriptResult result = run("callbacks { c1 = reply DELAY }", "  { c1 = OPEN, file = f1, access = READ }\n"
        + "  { c2 = OPEN, file = f1, access = WRITE, expect = DELAY }\n"
        + "  { expect-callback { client = c1 } }\n"
        + "  { c1 = SEQUENCE, flags = [CB_PATH_DOWN] }\n"
        + "  { c1 = BIND_CONN_TO_SESSION }\n"
        + "  { c1 = SEQUENCE, flags = [CB_PATH_DOWN] }\n");

    assertThat(result.failure()).isEqualTo("step 12: expected flags = [CB_PATH_DOWN], got []");
    assertThat(result.lines()).anyMatch(l -> l.matches("step 10 @0\\.000s c1 SEQUENCE -> OK flags=\\[CB_PATH_DOWN]  ok"))
        .anyMatch(l -> l.startsWith("step 11 @0.000s c1 BIND_CONN_TO_SESSION -> OK  ok"));
  }

  @Test
  void expectCallbackFailsWhenNoCallbackArrivesInItsWindow() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ }\n"
        + "  { expect-callback { client = c1, within = 3s } }\n");

    assertThat(result.failure()).isEqualTo("step 8: no matching CB_RECALL reached c1 within 3s");
    assertThat(result.lines()).last().asString().startsWith("step 8 @0.000s expect-callback");
  }

  @Test
  void expectNoCallbackFailsWhenOneArrives() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ }\n"
        + "  { c2 = OPEN, file = f1, access = WRITE, expect = DELAY }\n"
        + "  { expect-no-callback { client = c1, within = 1s } }\n");

    assertThat(result.failure()).isEqualTo("step 9: c1 got a CB_RECALL");
  }

  @Test
  void aNamedResultWithoutAStateidFailsTheStepThatUsesIt() {
    ScriptResult result = run("", "  { c1 = OPEN, file = f1, access = READ }\n"
        + "  { c2 = OPEN, file = f1, access = WRITE, as = o2, expect = [OK, DELAY] }\n"
        + "  { c2 = CLOSE, stateid = o2 }\n");

    assertThat(result.failure()).isEqualTo("step 9: o2 has no stateid (step 8 OPEN returned DELAY)");
  }

  @Test
  void advanceMovesVirtualTimeAndNetworkDelayDelaysReplies() {
    ScriptResult result = run("network.delay = 2ms", "  { advance = 3s }\n  { c1 = SEQUENCE }\n  { c1 = SEQUENCE }\n");

    assertThat(result.passed()).isTrue();
    assertThat(result.lines()).anyMatch(l -> l.startsWith("step 8 @3.024s c1 SEQUENCE"))
        .anyMatch(l -> l.startsWith("step 9 @3.028s c1 SEQUENCE"));
  }

  @Test
  void anOperationWithoutAReplyFailsAfterTheTimeOut() {
    String text = "cite = x\nfiles = [f1]\nclients = [c1]\nnetwork.delay = 31s\nsteps = [ { c1 = EXCHANGE_ID } ]\n";

    ScriptResult result = runner.run(ScriptParser.parseString(text, "inline", DEFAULTS));

    assertThat(result.failure()).isEqualTo("step 1: no reply within 60s");
    assertThat(result.lines()).containsExactly("step 1 @0.000s c1 EXCHANGE_ID -> no reply  FAILED: no reply within 60s");
  }

  @Test
  void aScriptRunsTheSameEveryTime() {
    String steps = "  { c1 = OPEN, file = f1, access = READ, as = o1 }\n"
        + "  { c2 = SETATTR, file = f1, expect = DELAY }\n"
        + "  { expect-callback { client = c1 } }\n"
        + "  { c1 = DELEGRETURN, delegation = o1.delegation }\n"
        + "  { reboot = server }\n"
        + "  { c1 = SEQUENCE, expect = BADSESSION }\n";

    ScriptResult first = run("network.delay { distribution = uniform, min = 1ms, max = 9ms }", steps);
    ScriptResult second = run("network.delay { distribution = uniform, min = 1ms, max = 9ms }", steps);

    assertThat(first.passed()).as(String.join("\n", first.lines())).isTrue();
    assertThat(second.lines()).isEqualTo(first.lines());
  }
}
