package org.carnet.core;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Carnet keeps its files on this machine (embedded database, local key store, signing keys).
 *
 * @param dataDir {@code carnet.data-dir}, default {@code ~/.carnet} (the home folder of the user running Carnet), so
 * that the jar keeps its data in the same place whatever folder it is started from; {@code mvn spring-boot:run} sets
 * it to {@code ./data} of the checkout
 */
@ConfigurationProperties("carnet")
public record DataDirectory(Path dataDir) {

	public DataDirectory {
		if (dataDir == null) {
			dataDir = defaultLocation();
		}
	}

	/**
	 * The note a restore leaves in the data directory it filled (what was restored, from when), until the first start
	 * records the restore in the audit ledger and removes it.
	 */
	public static final String RESTORED_NOTE = "restored-backup.properties";

	/** {@code ~/.carnet}: the default when {@code carnet.data-dir} is not set. */
	public static Path defaultLocation() {
		return Path.of(System.getProperty("user.home"), ".carnet");
	}

	/** A folder below the data directory, for one module's files. */
	public Path resolve(String name) {
		return dataDir.toAbsolutePath().normalize().resolve(name);
	}
}
