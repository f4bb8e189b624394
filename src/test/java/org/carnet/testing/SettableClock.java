package org.carnet.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test can stop at an instant, or set running from an instant, so that what happens at a stored
 * time (an expiry) can be reached without waiting for it; until then, and after {@link #reset()}, the system's.
 */
public final class SettableClock extends Clock {

	/** Where the clock stands: from this instant, stopped or running since {@code nanos} ({@link System#nanoTime()}). */
	private record Setting(Instant at, long nanos, boolean running) {
	}

	private volatile Setting setting;

	/** The clock stays at {@code at} until it is set again. */
	public void stopAt(Instant at) {
		setting = new Setting(at, System.nanoTime(), false);
	}

	/** The clock runs from {@code at}, at the system clock's pace. */
	public void runFrom(Instant at) {
		setting = new Setting(at, System.nanoTime(), true);
	}

	/** The system's clock again. */
	public void reset() {
		setting = null;
	}

	@Override
	public Instant instant() {
		Setting current = setting;
		if (current == null) {
			return Clock.systemUTC().instant();
		}
		return current.running() ? current.at().plusNanos(System.nanoTime() - current.nanos()) : current.at();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		if (ZoneOffset.UTC.equals(zone)) {
			return this;
		}
		SettableClock settable = this;
		return new Clock() {

			@Override
			public Instant instant() {
				return settable.instant();
			}

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return settable.withZone(other);
			}
		};
	}
}
