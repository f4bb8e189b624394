package org.carnet.graphql.admin;

import java.time.Duration;

import org.carnet.testing.ConnectionWaitUntilStopped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The application stopping while the coming-of-age check runs: the look ends before the pool closes, calmly. */
@ExtendWith(OutputCaptureExtension.class)
class ComingOfAgeStopTests {

	@Test
	void stoppingTheApplicationDuringALookEndsItBeforeThePoolClosesAndLogsNoWarning(CapturedOutput output)
			throws Exception {
		ConnectionWaitUntilStopped waitingForAConnection = new ConnectionWaitUntilStopped();
		// the look waits for its first transaction's connection, so it reaches none of the stores (null here)
		ComingOfAge check = new ComingOfAge(null, null, null, waitingForAConnection, Duration.ofMillis(20));
		assertThat(waitingForAConnection.awaitWaiting()).as("the scheduled look started").isTrue();

		long stopping = System.nanoTime();
		check.destroy();

		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
		assertThat(waitingForAConnection.interrupted()).as("the look under way was interrupted").isTrue();
		assertThat(output.getOut())
			.contains("Stopped ending guardianships at majority for shutdown (CannotCreateTransactionException)")
			.doesNotContain("Could not end guardianships at majority now");
	}
}
