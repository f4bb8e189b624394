package org.carnet.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * A transaction manager whose every transaction waits for a connection until its thread is interrupted, and then
 * fails as Spring's does when HikariCP's wait is interrupted: what a background task meets when the application stops
 * while it runs. Nothing is ever begun, so nothing is written.
 */
public final class ConnectionWaitUntilStopped implements PlatformTransactionManager {

	private final CountDownLatch waiting = new CountDownLatch(1);

	private volatile boolean interrupted;

	@Override
	public TransactionStatus getTransaction(TransactionDefinition definition) {
		waiting.countDown();
		try {
			Thread.sleep(Duration.ofMinutes(1).toMillis());
		}
		catch (InterruptedException ex) {
			interrupted = true;
			Thread.currentThread().interrupt();
			throw new CannotCreateTransactionException("Interrupted during connection acquisition", ex);
		}
		throw new IllegalStateException("The task waited a minute for a connection and was never interrupted");
	}

	@Override
	public void commit(TransactionStatus status) {
		throw new UnsupportedOperationException("no transaction is ever begun");
	}

	@Override
	public void rollback(TransactionStatus status) {
		throw new UnsupportedOperationException("no transaction is ever begun");
	}

	/** True once a task waits for its connection (within ten seconds). */
	public boolean awaitWaiting() throws InterruptedException {
		return waiting.await(10, TimeUnit.SECONDS);
	}

	/** True when a task's wait was interrupted. */
	public boolean interrupted() {
		return interrupted;
	}
}
