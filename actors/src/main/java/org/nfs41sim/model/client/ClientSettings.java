package org.nfs41sim.model.client;

import java.time.Duration;

/**
 * One client's constants: its name (the EXCHANGE_ID owner), the delegation-return variant it runs,
 * and renewd's period (the kernel renews every two thirds of the lease).
 */
public record ClientSettings(String name, ClientVariant variant, Duration renewInterval) {}
