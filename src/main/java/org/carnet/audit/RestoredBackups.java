package org.carnet.audit;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

import org.carnet.core.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A restore ({@code --carnet.restore}) replaces the whole database, the ledger included, with an earlier copy: an
 * auditor must see that it happened, and when, since the events after the backup are not in the restored ledger.
 * The restore leaves a note in the data directory ({@link DataDirectory#RESTORED_NOTE}); the first start appends a
 * {@code DATABASE_RESTORED} event with the backup's time and its manifest's digest ({@code target} =
 * {@code backup:<sha-256>}), then deletes the note. A start that cannot append it fails, and the note stays for the
 * next one.
 */
@Component
class RestoredBackups implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(RestoredBackups.class);

	private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern TIME = Pattern.compile("[0-9A-Za-z:.+\\-]{1,40}");

	private final Path note;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	RestoredBackups(DataDirectory directory, Ledger ledger, PlatformTransactionManager transactions) {
		this.note = directory.resolve(DataDirectory.RESTORED_NOTE);
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactions);
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!Files.isRegularFile(note)) {
			return;
		}
		Properties restored = new Properties();
		try (Reader in = Files.newBufferedReader(note, StandardCharsets.ISO_8859_1)) {
			restored.load(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The note of a restore, " + note + ", cannot be read: " + ex.getMessage(),
					ex);
		}
		String digest = checked(restored.getProperty("manifest-sha256"), DIGEST);
		String operation = "database restored from the backup created " + checked(restored.getProperty(
				"backup-created"), TIME) + ", restored " + checked(restored.getProperty("restored-at"), TIME);
		transactions.executeWithoutResult(status -> ledger.appendInTransaction(AccessEvent
			.bySubject("carnet", null, AccessAction.DATABASE_RESTORED, AccessOutcome.SUCCESS)
			.withTarget("backup:" + digest)
			.withOperation(operation, null)));
		try {
			Files.delete(note);
		}
		catch (IOException ex) {
			// recorded already: a second event at the next start says the same again, which is harmless
			log.warn("Recorded the restore in the ledger, but could not delete its note {}: {}", note, ex.getMessage());
		}
		log.warn("This database was restored from a backup: {} (recorded in the audit ledger)", operation);
	}

	/** A value of the note as it was written, or {@code unknown}: nothing else reaches the ledger. */
	private static String checked(String value, Pattern shape) {
		return value != null && shape.matcher(value.strip()).matches() ? value.strip() : "unknown";
	}
}
