package org.nfs41sim.sim.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nfs41sim.protocol.schedule.Schedule;

/**
 * Saves and loads the choice sequence of a run (protocol/schedule.proto), with what replay must
 * match: the program, the seed, the strategy and the configuration's fingerprint.
 */
public final class ScheduleFile {
  public static final int FORMAT_VERSION = 1;

  private ScheduleFile() {}

  /** What a saved schedule says. */
  public record Saved(String program, long seed, String strategy, String configFingerprint,
      String digest, long[] choices) {}

  /** Writes atomically: a crash leaves the old file or the new one, never half of one. */
  public static void write(Path file, Saved saved) throws IOException {
    Schedule.Builder b = Schedule.newBuilder()
        .setFormatVersion(FORMAT_VERSION)
        .setProgram(saved.program())
        .setRootSeed(saved.seed())
        .setStrategy(saved.strategy())
        .setConfigFingerprint(saved.configFingerprint())
        .setDigest(saved.digest());
    long previous = 0;
    for (long choice : saved.choices()) {
      b.addChoiceDeltas(choice - previous);
      previous = choice;
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(temp)) {
      b.build().writeTo(out);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a schedule; a missing, foreign or damaged file is a {@link BadScheduleException}. */
  public static Saved read(Path file) {
    Schedule s;
    try (InputStream in = Files.newInputStream(file)) {
      s = Schedule.parseFrom(in);
    } catch (NoSuchFileException e) {
      throw new BadScheduleException(file + ": no such schedule file");
    } catch (IOException e) {
      throw new BadScheduleException(file + ": not a schedule file (" + e.getMessage() + ")");
    }
    if (s.getFormatVersion() != FORMAT_VERSION || s.getProgram().isEmpty()) {
      throw new BadScheduleException(file + ": not a schedule file of format version " + FORMAT_VERSION
          + " (found version " + s.getFormatVersion() + ")");
    }
    long[] choices = new long[s.getChoiceDeltasCount()];
    long previous = 0;
    for (int i = 0; i < choices.length; i++) {
      previous += s.getChoiceDeltas(i);
      choices[i] = previous;
    }
    return new Saved(s.getProgram(), s.getRootSeed(), s.getStrategy(), s.getConfigFingerprint(),
        s.getDigest(), choices);
  }

  /** A schedule file the user gave cannot be used; the message is one line. */
  public static final class BadScheduleException extends RuntimeException {
    public BadScheduleException(String message) {
      super(message);
    }
  }
}
