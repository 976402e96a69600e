package org.nfs41sim.sim.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of every delivery of a run (event id, virtual time, sender, receiver and the
 * rendered message): two runs with equal digests delivered the same messages in the same order
 * at the same virtual times.
 */
public final class RunDigest implements DeliveryListener {
  private final MessageDigest sha;
  private final MessageRenderer renderer;
  private final StringBuilder line = new StringBuilder(256);
  private long deliveries;

  public RunDigest(MessageRenderer renderer) {
    this.renderer = renderer;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void delivered(long event, long timeNanos, String sender, String receiver, long cause,
      Object message) {
    line.setLength(0);
    line.append(event).append('|').append(timeNanos).append('|').append(sender).append('|')
        .append(receiver).append('|');
    renderer.render(message, line, 0);
    line.append('\n');
    sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
    deliveries++;
  }

  public long deliveries() {
    return deliveries;
  }

  /** The hex digest; the digest cannot be fed after this. */
  public String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }
}
