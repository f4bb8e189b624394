package org.carnet.graphql.admin;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.carnet.testing.ConnectionWaitUntilStopped;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The application stopping while the coming-of-age check runs: the look ends before the pool closes, calmly. */
class ComingOfAgeStopTests {

	@Test
	void stoppingTheApplicationDuringALookEndsItBeforeThePoolClosesAndLogsNoWarning() throws Exception {
		// what the check logs, whatever the logging set-up of this test JVM (no Spring context here)
		Logger logger = (Logger) LoggerFactory.getLogger(ComingOfAge.class);
		Level level = logger.getLevel();
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		logger.setLevel(Level.INFO);
		try {
			ConnectionWaitUntilStopped waitingForAConnection = new ConnectionWaitUntilStopped();
			// the look waits for its first transaction's connection, so it reaches none of the stores (null here)
			ComingOfAge check = new ComingOfAge(null, null, null, waitingForAConnection, Duration.ofMillis(20));
			assertThat(waitingForAConnection.awaitWaiting()).as("the scheduled look started").isTrue();

			long stopping = System.nanoTime();
			check.destroy();

			assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
			assertThat(waitingForAConnection.interrupted()).as("the look under way was interrupted").isTrue();
			// destroy() returned after the look had ended and said why it stopped, without a warning
			assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
				.containsExactly(tuple(Level.INFO, "Stopped ending guardianships at "
						+ "majority for shutdown (CannotCreateTransactionException); the next start tells whoever "
						+ "was not told yet"));
		}
		finally {
			logger.detachAppender(logged);
			logger.setLevel(level);
		}
	}
}
