package org.carnet.identity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on guessing passwords at {@code /login} and activation codes at {@code /accounts/claim}
 * ({@code carnet.identity.throttle.*}). Each attempt is counted against three rules before it is checked; past a
 * rule's limit the next attempts are refused unchecked for a block that doubles each time (first block, then twice
 * as long, up to the maximum). A successful sign-in or claim clears the counters of its account; the source's
 * counter only gives back the attempt. See the README for the numbers and why.
 *
 * @param accountAndSource one account (user name or PHR number) from one source: the strict rule
 * @param source one source across accounts: someone trying many accounts
 * @param account one account across sources: a distributed attacker; its block is kept short so the owner is never
 * locked out for long
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} is believed; empty (default):
 * the source is the connection's address ({@code request.getRemoteAddr()})
 * @param auditWindow failures that name no existing account are written to the ledger once per source and window,
 * then as one summary with their number
 */
@ConfigurationProperties("carnet.identity.throttle")
record ThrottleSettings(Rule accountAndSource, Rule source, Rule account, List<String> trustedProxies,
		Duration auditWindow) {

	static final Rule ACCOUNT_AND_SOURCE = new Rule(5, Duration.ofSeconds(30), Duration.ofMinutes(5),
			Duration.ofHours(1));

	static final Rule SOURCE = new Rule(20, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));

	static final Rule ACCOUNT = new Rule(10, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

	ThrottleSettings {
		accountAndSource = Rule.orDefault(accountAndSource, ACCOUNT_AND_SOURCE, "account-and-source");
		source = Rule.orDefault(source, SOURCE, "source");
		account = Rule.orDefault(account, ACCOUNT, "account");
		trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
		auditWindow = auditWindow == null ? Duration.ofMinutes(15) : auditWindow;
		if (auditWindow.isNegative() || auditWindow.isZero()) {
			throw new IllegalArgumentException("carnet.identity.throttle.audit-window must be positive");
		}
	}

	/** The defaults: what {@code application.yaml} leaves unset. */
	static ThrottleSettings defaults() {
		return new ThrottleSettings(null, null, null, null, null);
	}

	/**
	 * One rule: {@code maxFailures} attempts, then a block of {@code firstBlock}, doubling at each further block up
	 * to {@code maxBlock}; after {@code forgetAfter} without a counted attempt the rule starts again from zero.
	 */
	record Rule(Integer maxFailures, Duration firstBlock, Duration maxBlock, Duration forgetAfter) {

		static Rule orDefault(Rule configured, Rule fallback, String name) {
			Rule rule = configured == null ? fallback
					: new Rule(configured.maxFailures() == null ? fallback.maxFailures() : configured.maxFailures(),
							configured.firstBlock() == null ? fallback.firstBlock() : configured.firstBlock(),
							configured.maxBlock() == null ? fallback.maxBlock() : configured.maxBlock(),
							configured.forgetAfter() == null ? fallback.forgetAfter() : configured.forgetAfter());
			String prefix = "carnet.identity.throttle." + name + ".";
			if (rule.maxFailures() < 1 || rule.maxFailures() > 10_000) {
				throw new IllegalArgumentException(prefix + "max-failures must be between 1 and 10000");
			}
			if (!positive(rule.firstBlock()) || !positive(rule.maxBlock()) || !positive(rule.forgetAfter())) {
				throw new IllegalArgumentException(prefix + "first-block, max-block and forget-after must be positive");
			}
			if (rule.firstBlock().compareTo(rule.maxBlock()) > 0) {
				throw new IllegalArgumentException(prefix + "first-block must not exceed max-block");
			}
			if (rule.maxBlock().compareTo(Duration.ofDays(1)) > 0) {
				throw new IllegalArgumentException(prefix + "max-block must be at most a day");
			}
			return rule;
		}

		private static boolean positive(Duration duration) {
			return duration != null && !duration.isNegative() && !duration.isZero();
		}

		/** The block after {@code strikes} earlier blocks: first block doubled that often, capped. */
		Duration block(int strikes) {
			Duration block = firstBlock;
			for (int i = 0; i < strikes && block.compareTo(maxBlock) < 0; i++) {
				block = block.multipliedBy(2);
			}
			return block.compareTo(maxBlock) > 0 ? maxBlock : block;
		}
	}
}
