package org.carnet.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's policy folder, whose files override the default policies packaged in Carnet file by file
 * ({@code consent/GR.yaml} replaces the packaged {@code consent/GR.yaml}, {@code audit/retention.yaml} the packaged
 * retention). Without it the packaged policies apply alone, whatever the working directory.
 *
 * @param policiesDir {@code carnet.policies-dir}: the folder holding {@code consent/} and {@code audit/}; none by
 * default
 * @param policies {@code carnet.policies.dir}: the earlier name of the same setting, still honoured
 */
@ConfigurationProperties("carnet")
public record PolicyFolder(Path policiesDir, Earlier policies) {

	public PolicyFolder {
		Path earlier = policies == null ? null : policies.dir();
		if (policiesDir != null && earlier != null
				&& !policiesDir.toAbsolutePath().normalize().equals(earlier.toAbsolutePath().normalize())) {
			throw new IllegalArgumentException("carnet.policies-dir (" + policiesDir + ") and carnet.policies.dir ("
					+ earlier + ") name different folders: set only carnet.policies-dir");
		}
		if (policiesDir == null) {
			policiesDir = earlier;
		}
		if (policiesDir != null && !Files.isDirectory(policiesDir)) {
			throw new IllegalArgumentException("carnet.policies-dir is " + policiesDir.toAbsolutePath().normalize()
					+ ", which is not a folder; create it, or unset carnet.policies-dir to use the packaged policies");
		}
	}

	/** No folder: the packaged policies alone. */
	public static PolicyFolder none() {
		return new PolicyFolder(null, null);
	}

	/** The folder {@code folder} over the packaged policies. */
	public static PolicyFolder of(Path folder) {
		return new PolicyFolder(folder, null);
	}

	/** The operator's file {@code relative} (e.g. {@code consent/GR.yaml}) if a folder is set and holds it. */
	public Optional<Path> file(String relative) {
		return folder().map(f -> f.resolve(relative)).filter(Files::isRegularFile);
	}

	/** The operator's folder, absolute, if one is set. */
	public Optional<Path> folder() {
		return Optional.ofNullable(policiesDir).map(p -> p.toAbsolutePath().normalize());
	}

	/** {@code carnet.policies.dir}, kept so that existing configurations go on working. */
	public record Earlier(Path dir) {
	}
}
