package org.carnet.consent;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.TreeSet;

import org.carnet.core.Jurisdiction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The consent rules of every home jurisdiction, read from {@code <carnet.policies.dir>/consent/} and validated at
 * start: an invalid file stops the start with its file, line and problem.
 */
@Component
public class ConsentPolicies {

	private static final Logger log = LoggerFactory.getLogger(ConsentPolicies.class);

	private final Map<Jurisdiction, ConsentPolicy> byJurisdiction;

	private final ConsentPolicy fallback;

	private final ConcurrentMap<Jurisdiction, ConsentPolicy> fallbacks = new ConcurrentHashMap<>();

	ConsentPolicies(PolicySettings settings) {
		Path consentDir = settings.dir().resolve("consent");
		Map<Jurisdiction, ConsentPolicy> loaded = PolicyFiles.load(consentDir);
		this.fallback = Objects.requireNonNull(loaded.remove(null));
		this.byJurisdiction = Map.copyOf(loaded);
		TreeSet<String> codes = new TreeSet<>();
		byJurisdiction.keySet().forEach(j -> codes.add(j.code()));
		log.info("Consent policies from {}: default and {}", consentDir.toAbsolutePath().normalize(), codes);
	}

	/** Reads and validates the policies under {@code policiesDir}/consent; for tests and tools. */
	static ConsentPolicies load(Path policiesDir) {
		return new ConsentPolicies(new PolicySettings(policiesDir));
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
				fallback.consentRequestLifetime(), fallback.euEea()));
	}
}
