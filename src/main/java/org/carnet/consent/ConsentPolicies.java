package org.carnet.consent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PolicyFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The consent rules of every home jurisdiction: the policies packaged in Carnet ({@code policies/consent/} of the
 * source tree, on the class path), each file replaced by the operator's file of the same name in
 * {@code <carnet.policies-dir>/consent/} and joined by the operator's other files; validated at start: an invalid
 * file stops the start with its file, line and problem.
 */
@Component
public class ConsentPolicies {

	static final String PACKAGED = "classpath:policies/consent/";

	private static final Logger log = LoggerFactory.getLogger(ConsentPolicies.class);

	private final Map<Jurisdiction, ConsentPolicy> byJurisdiction;

	private final ConsentPolicy fallback;

	private final ConcurrentMap<Jurisdiction, ConsentPolicy> fallbacks = new ConcurrentHashMap<>();

	@Autowired
	ConsentPolicies(PolicyFolder folder) {
		this(packagedUnder(folder));
	}

	private ConsentPolicies(Map<Jurisdiction, ConsentPolicy> loaded) {
		Map<Jurisdiction, ConsentPolicy> copy = new java.util.HashMap<>(loaded);
		this.fallback = Objects.requireNonNull(copy.remove(null));
		this.byJurisdiction = Map.copyOf(copy);
	}

	/** Reads and validates only the policies under {@code policiesDir}/consent, without the packaged ones; for tools. */
	static ConsentPolicies load(Path policiesDir) {
		return new ConsentPolicies(PolicyFiles.load(policiesDir.resolve("consent")));
	}

	/** The rules for records held in {@code home}: its own file over the defaults, or the defaults alone. */
	public ConsentPolicy of(Jurisdiction home) {
		ConsentPolicy own = byJurisdiction.get(home);
		if (own != null) {
			return own;
		}
		return fallbacks.computeIfAbsent(home, j -> new ConsentPolicy(j, fallback.sources(), fallback.defaultGrantDuration(),
				fallback.maximumGrantDuration(), fallback.breakGlassAllowed(), fallback.breakGlassDuration(),
				fallback.personMayOptOutOfBreakGlass(), fallback.breakGlassCategories(), fallback.shareCodeLifetime(),
				fallback.consentRequestLifetime(), fallback.euEea(), fallback.statistics(),
				fallback.restrictionsHidden()));
	}

	/** The packaged files, each replaced by the operator's file of the same name, and the operator's others. */
	private static Map<Jurisdiction, ConsentPolicy> packagedUnder(PolicyFolder folder) {
		Map<String, PolicyFiles.PolicyFile> files = packaged();
		Path consentDir = folder.folder().map(f -> f.resolve("consent")).orElse(null);
		Map<String, PolicyFiles.PolicyFile> own = consentDir != null && Files.isDirectory(consentDir)
				? PolicyFiles.read(consentDir) : Map.of();
		files.putAll(own);
		Map<Jurisdiction, ConsentPolicy> loaded = PolicyFiles.load(files);
		TreeSet<String> codes = new TreeSet<>();
		loaded.keySet().stream().filter(Objects::nonNull).forEach(j -> codes.add(j.code()));
		if (own.isEmpty()) {
			log.info("Consent policies: the packaged ones (default and {}); none from carnet.policies-dir", codes);
		}
		else {
			log.info("Consent policies: default and {}; from {}: {}", codes, consentDir, new TreeSet<>(own.keySet()));
		}
		return loaded;
	}

	/** The policy files packaged on the class path, by name. */
	private static Map<String, PolicyFiles.PolicyFile> packaged() {
		Map<String, PolicyFiles.PolicyFile> files = new TreeMap<>();
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources(PACKAGED + "*.yaml");
			for (Resource resource : resources) {
				String name = Objects.requireNonNull(resource.getFilename());
				try (InputStream in = resource.getInputStream()) {
					files.put(name, new PolicyFiles.PolicyFile(name, PACKAGED + name,
							new String(in.readAllBytes(), StandardCharsets.UTF_8)));
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidConsentPolicy(List.of(PACKAGED + ": cannot be read (" + ex.getMessage() + ")"));
		}
		return files;
	}
}
