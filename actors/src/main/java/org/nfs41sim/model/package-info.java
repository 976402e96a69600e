/**
 * The nfs41sim model as Pekko Typed actors. It is handed every ref it talks to and every random
 * choice it makes; it never reads the clock, a random source or a global.
 */
package org.nfs41sim.model;
