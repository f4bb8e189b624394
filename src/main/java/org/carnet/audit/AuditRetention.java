package org.carnet.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import org.carnet.core.PolicyFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the retention policy at start (an invalid one stops the start) and records every change of it, in
 * {@code audit_retention_history} and in the ledger itself, so that a shorter retention is never silent.
 */
@Component
class AuditRetention implements SmartInitializingSingleton {

	/** Where the packaged policy lies on the class path. */
	static final String DEFAULT_LOCATION = "policies/audit/retention.yaml";

	/** Where an operator's policy lies in {@code carnet.policies-dir}. */
	static final String RELATIVE_LOCATION = "audit/retention.yaml";

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final RetentionPolicy policy;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Ledger ledger;

	AuditRetention(AuditSettings settings, PolicyFolder folder, ResourceLoader resources, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, Ledger ledger) {
		this.policy = load(settings.retentionPolicy(), folder, resources);
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.ledger = ledger;
	}

	RetentionPolicy policy() {
		return policy;
	}

	@Override
	public void afterSingletonsInstantiated() {
		record(policy);
	}

	/** Records {@code policy} as the one in effect, unless it already is. */
	void record(RetentionPolicy policy) {
		transactions.executeWithoutResult(status -> {
			List<Integer> previous = jdbc.queryForList(
					"select keep_for_years from audit_retention_history order by id desc limit 1", Integer.class);
			if (!previous.isEmpty() && previous.get(0) == policy.keepForYears()) {
				return;
			}
			jdbc.update("insert into audit_retention_history (applied_at, keep_for_years, source) values (?, ?, ?)",
					OffsetDateTime.now(), policy.keepForYears(), policy.source());
			String change = previous.isEmpty() ? "audit retention set to " + policy.keepForYears() + " years"
					: "audit retention changed from " + previous.get(0) + " to " + policy.keepForYears() + " years";
			if (!previous.isEmpty() && policy.keepForYears() < previous.get(0)) {
				log.warn("The audit trail's retention was SHORTENED from {} to {} years by {}", previous.get(0),
						policy.keepForYears(), policy.source());
			}
			else {
				log.info("{} ({})", change, policy.source());
			}
			ledger.appendInTransaction(AccessEvent
				.bySubject("carnet", null, AccessAction.POLICY_CHANGED, AccessOutcome.SUCCESS)
				.withOperation(change + " (" + policy.source() + ")", null));
		});
	}

	/**
	 * Reads the policy from {@code location} when it is set; otherwise from {@value #DEFAULT_LOCATION} of the
	 * operator's policy folder ({@code carnet.policies-dir}) when it holds one, else the one packaged in Carnet.
	 */
	static RetentionPolicy load(String location, PolicyFolder folder, ResourceLoader resources) {
		String candidate;
		if (location != null && !location.isBlank()) {
			candidate = location;
		}
		else {
			candidate = folder.file(RELATIVE_LOCATION)
				.map(path -> "file:" + path)
				.orElse("classpath:" + DEFAULT_LOCATION);
		}
		Resource resource = resources.getResource(candidate);
		if (!resource.exists()) {
			throw new RetentionPolicy.InvalidPolicy("No audit retention policy found at " + candidate
					+ "; set carnet.audit.retention-policy to its location");
		}
		try (InputStream in = resource.getInputStream()) {
			RetentionPolicy policy = RetentionPolicy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
					candidate);
			log.info("Audit retention policy from {}", candidate);
			return policy;
		}
		catch (IOException ex) {
			throw new RetentionPolicy.InvalidPolicy(candidate + ": cannot be read (" + ex.getMessage() + ")");
		}
	}
}
