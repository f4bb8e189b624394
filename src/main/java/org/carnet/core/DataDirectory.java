package org.carnet.core;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Carnet keeps its files on this machine (embedded database, local key store, signing keys).
 *
 * @param dataDir {@code carnet.data-dir}, default {@code ./data}
 */
@ConfigurationProperties("carnet")
public record DataDirectory(@DefaultValue("./data") Path dataDir) {

	/** A folder below the data directory, for one module's files. */
	public Path resolve(String name) {
		return dataDir.toAbsolutePath().normalize().resolve(name);
	}
}
