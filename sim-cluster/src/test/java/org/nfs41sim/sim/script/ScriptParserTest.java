package org.nfs41sim.sim.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;

/** A script is checked whole before it runs; each mistake is one line naming file:line and the field. */
class ScriptParserTest {
  private static final Nfs41Config DEFAULTS = ConfigLoader.loadDefaults();
  private static final String HEAD = "cite = \"RFC 8881 §10.4\"\nfiles = [f1]\nclients = [c1, c2]\nsteps = [\n";

  @TempDir Path dir;

  /** A script whose steps start on line 5, one per line. */
  private Path script(String... steps) throws IOException {
    return Files.writeString(dir.resolve("s.conf"), HEAD + String.join("\n", steps) + "\n]\n");
  }

  private String error(Path file) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ScriptParser.parse(file, DEFAULTS));
    assertThat(thrown).isInstanceOf(ConfigError.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    return thrown.getMessage();
  }

  @Test
  void anUnknownOperationIsRejectedNamingFileLineAndTheOperation() throws IOException {
    Path file = script("  { c1 = EXCHANGE_ID }", "  { c1 = OPN, file = f1 }");

    assertThat(error(file)).startsWith(file + ":6: step 2: c1 = OPN is not an operation (did you mean 'OPEN'?)");
  }

  @Test
  void aMissingFieldIsRejectedNamingTheField() throws IOException {
    Path file = script("  { c1 = EXCHANGE_ID }", "  { c1 = CLOSE }");

    assertThat(error(file)).isEqualTo(file + ":6: step 2 (c1 CLOSE): stateid is missing");
  }

  @Test
  void aWrongTypeIsRejectedAtTheLineOfTheValue() throws IOException {
    Path file = script("  { c1 = LOCKT, file = f1,", "    offset = abc }");

    assertThat(error(file)).startsWith(file + ":6: step 1 (c1 LOCKT): offset = abc is not an unsigned 64-bit number");
  }

  @Test
  void anUnknownNamedResultIsRejected() throws IOException {
    Path file = script("  { c1 = OPEN, file = f1, as = o1 }", "  { c1 = CLOSE, stateid = o2 }");

    assertThat(error(file)).startsWith(file + ":6: step 2 (c1 CLOSE): stateid = o2 refers to no named result 'o2'")
        .contains("(did you mean 'o1'?)");
  }

  @Test
  void aNameIsUsableOnlyAfterTheStepThatBindsIt() throws IOException {
    Path file = script("  { c1 = CLOSE, stateid = o1 }", "  { c1 = OPEN, file = f1, as = o1 }");

    assertThat(error(file)).startsWith(file + ":5: step 1 (c1 CLOSE): stateid = o1 refers to no named result");
  }

  @Test
  void anUnknownClientIsRejected() throws IOException {
    Path file = script("  { c3 = OPEN, file = f1 }");

    assertThat(error(file)).startsWith(file + ":5: step 1: c3 is not a client of this script (clients = [c1, c2])");
  }

  @Test
  void anUnknownFieldIsRejectedWithASuggestion() throws IOException {
    Path file = script("  { c1 = OPEN, fle = f1 }");

    assertThat(error(file)).startsWith(file + ":5: step 1 (c1 OPEN): OPEN has no field 'fle' (did you mean 'file'?)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{ c1 = OPEN, file = f1, expect = [OK, DELAYY] }   | expect = [OK, DELAYY] names no status: DELAYY",
      "{ c1 = OPEN, file = f1, access = WRITTEN }        | access = WRITTEN must be one of READ, WRITE, BOTH",
      "{ c1 = OPEN, file = f1, create = yes }            | create = yes is not a boolean",
      "{ c1 = OPEN, file = f1, as = o1, delegation = o1 } | delegation = o1 is a stateid, which only",
      "{ c1 = OPEN, file = f1, claim = CLAIM_DELEG_CUR_FH } | delegation is missing: claim = CLAIM_DELEG_CUR_FH",
      "{ c1 = LOCK, offset = 0 }                          | open is missing: a LOCK needs open",
      "{ c1 = SEQUENCE, as = x }                          | as = x names nothing: SEQUENCE returns no stateid",
      "{ advance = soon }                                 | advance = soon is not a duration",
      "{ reboot = client }                                | reboot = client must be one of server",
      "{ expect-callback { file = f1 } }                  | client is missing",
      "{ c1 = EXCHANGE_ID, c2 = EXCHANGE_ID }             | c2 is a second client in one step",
      "{ file = f1 }                                      | a step is CLIENT = OPERATION",
      "{ c1 = CLOSE, stateid = { epoch = 1 } }            | serial is missing: a made-up stateid needs epoch and serial",
      "{ c1 = LOCKT, file = f1, client-id = c9 }          | client-id = c9 is neither a number nor a client",
      "{ c1 = SEQUENCE, flags = [CB_PATH_DWN] }           | flags = [CB_PATH_DWN] names no flag: CB_PATH_DWN (did",
      "{ c1 = SEQUENCE, flags = CB_PATH_DOWN }            | flags = CB_PATH_DOWN is not a list of flags",
      "{ c1 = BIND_CONN_TO_SESSION, file = f1 }           | BIND_CONN_TO_SESSION has no field",
  })
  void eachMistakeIsOneLineNamingItsLineAndField(String step, String problem) throws IOException {
    Path file = script("  " + step);

    assertThat(error(file)).startsWith(file + ":5: ").contains(problem);
  }

  @Test
  void badServerSettingsAreRejectedLikeAnyConfiguration() throws IOException {
    Path file = Files.writeString(dir.resolve("s.conf"), "cite = x\nfiles = [f1]\nclients = [c1]\n"
        + "server { lease-time = 10s,\n  grace-period = 1s }\nsteps = [ { c1 = EXCHANGE_ID } ]\n");

    assertThat(error(file)).startsWith(file + ":5: nfs41sim.server.grace-period = 1s must be at least lease-time");
  }

  @Test
  void aScriptWithoutCiteIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("s.conf"), "files = [f1]\nclients = [c1]\nsteps = [ { c1 = EXCHANGE_ID } ]\n");

    assertThat(error(file)).startsWith(file + ":1: script: cite is missing");
  }

  @Test
  void aClientMayNotBeCalledLikeAStepKeyword() throws IOException {
    Path file = Files.writeString(dir.resolve("s.conf"), "cite = x\nfiles = [f1]\nclients = [c1, advance]\n"
        + "steps = [ { c1 = EXCHANGE_ID } ]\n");

    assertThat(error(file)).startsWith(file + ":3: script: clients = [c1, advance] names a client 'advance'");
  }

  @Test
  void aSyntaxErrorIsOneLineWithItsLine() throws IOException {
    Path file = Files.writeString(dir.resolve("s.conf"), HEAD + "  { c1 = OPEN, file = f1\n]\n");

    assertThat(error(file)).startsWith(file + ":6: ");
  }

  @Test
  void defaultsFillWhatAStepLeavesOut() {
    Script script = ScriptParser.parseString(HEAD + "{ c1 = OPEN, file = f1 }\n{ c2 = LOCKT, file = f1 }\n]\n",
        "inline", DEFAULTS);

    Step.Call open = (Step.Call) script.steps().get(0);
    Operation.Open o = (Operation.Open) open.operation();
    assertThat(o.claim()).isEqualTo(OpenClaimType.CLAIM_NULL);
    assertThat(o.access()).isEqualTo(ShareAccess.READ);
    assertThat(o.owner()).isEqualTo("c1");
    assertThat(open.expect().statuses()).containsExactly(NfsStat4.NFS4_OK);
    Operation.Lockt t = (Operation.Lockt) ((Step.Call) script.steps().get(1)).operation();
    assertThat(t.type()).isEqualTo(LockType.WRITE_LT);
    assertThat(t.offset()).isZero();
    assertThat(t.length()).isEqualTo(-1L);
    assertThat(t.lockOwner()).isEqualTo("c2");
    assertThat(script.callbacks().get("c1")).isEqualTo(CallbackPolicy.OK);
    assertThat(script.delay().min()).isEqualTo(Duration.ZERO);
  }

  @Test
  void stateidsAreNamedResultsWithModifiersOrMadeUp() {
    Script script = ScriptParser.parseString(HEAD + "{ c1 = OPEN, file = f1, as = o1 }\n"
        + "{ c1 = DELEGRETURN, delegation = o1.delegation.seqid-1 }\n"
        + "{ c1 = CLOSE, stateid = \"o1.seqid+2\" }\n"
        + "{ c1 = CLOSE, stateid = { like = o1, seqid = 0 } }\n"
        + "{ c1 = CLOSE, stateid = { epoch = 3, serial = 999 } }\n]\n", "inline", DEFAULTS);

    assertThat(((Operation.DelegReturn) ((Step.Call) script.steps().get(1)).operation()).delegation())
        .isEqualTo(new StateIdRef.Named("o1", true, -1, "o1.delegation.seqid-1"));
    assertThat(((Operation.Close) ((Step.Call) script.steps().get(2)).operation()).stateId())
        .isEqualTo(new StateIdRef.Named("o1", false, 2, "o1.seqid+2"));
    assertThat(((Operation.Close) ((Step.Call) script.steps().get(3)).operation()).stateId())
        .isInstanceOfSatisfying(StateIdRef.Like.class, l -> assertThat(l.seqid()).isZero());
    assertThat(((Operation.Close) ((Step.Call) script.steps().get(4)).operation()).stateId())
        .isInstanceOfSatisfying(StateIdRef.MadeUp.class,
            m -> assertThat(m.stateId()).isEqualTo(new StateId(1, 3, 999)));
  }

  @Test
  void sequenceFlagsAreAnExactSetAndBindConnToSessionTakesNoFields() {
    Script script = ScriptParser.parseString(HEAD + "{ c1 = BIND_CONN_TO_SESSION }\n"
        + "{ c1 = SEQUENCE, flags = [RECALLABLE_STATE_REVOKED, CB_PATH_DOWN] }\n"
        + "{ c1 = SEQUENCE, flags = [] }\n{ c1 = SEQUENCE }\n]\n", "inline", DEFAULTS);

    assertThat(((Step.Call) script.steps().get(0)).operation()).isEqualTo(new Operation.BindConnToSession());
    assertThat(((Step.Call) script.steps().get(1)).expect().flags())
        .isEqualTo(SequenceFlags.RECALLABLE_STATE_REVOKED | SequenceFlags.CB_PATH_DOWN);
    assertThat(((Step.Call) script.steps().get(2)).expect().flags()).isZero();
    assertThat(((Step.Call) script.steps().get(3)).expect().flags()).isNull();
  }

  @Test
  void largeOffsetsAreReadAsUnsigned() {
    Script script = ScriptParser.parseString(HEAD + "{ c1 = LOCKT, file = f1, offset = 18446744073709551600,"
        + " length = max }\n]\n", "inline", DEFAULTS);

    Operation.Lockt t = (Operation.Lockt) ((Step.Call) script.steps().get(0)).operation();
    assertThat(Long.toUnsignedString(t.offset())).isEqualTo("18446744073709551600");
    assertThat(t.length()).isEqualTo(-1L);
  }

  @Test
  void aMissingScriptFileIsOneLine() {
    assertThatThrownBy(() -> ScriptParser.parse(dir.resolve("none.conf"), DEFAULTS))
        .isInstanceOf(ConfigError.class).hasMessage(dir.resolve("none.conf") + ": no such file");
  }
}
