package org.carnet.statistics;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.carnet.consent.StatisticsAgreement;
import org.carnet.consent.StatisticsAgreements;
import org.carnet.consent.StatisticsConsentChanged;
import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.keyring.PersonKeys;
import org.carnet.record.Entry;
import org.carnet.record.EntryWritten;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Section;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the projection in step, inside the transaction of each change: a person's row is recomputed from their
 * current record when they opt in or change their categories and when an entry that counts is written, and deleted
 * when they withdraw (the consent module withdraws on erasure, before the key is shredded). Persons who did not opt
 * in have no row and cost one agreement look-up per write.
 * <p>
 * The row is keyed by {@link org.carnet.keyring.PersonCipher#pseudonym} with {@link #PSEUDONYM_LABEL}: computing it
 * needs the person's data key, so a row can be found and replaced while the person exists, and no one can link it to
 * them once the key is shredded.
 */
@Component
class StatisticalProjection {

	/** The HKDF label of the projection's pseudonyms; changing it orphans every row. */
	static final String PSEUDONYM_LABEL = "carnet/statistics/pseudonym/v1";

	private final Records records;

	private final PersonKeys keys;

	private final StatisticsAgreements agreements;

	private final ContributionStore store;

	StatisticalProjection(Records records, PersonKeys keys, StatisticsAgreements agreements, ContributionStore store) {
		this.records = records;
		this.keys = keys;
		this.agreements = agreements;
		this.store = store;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void agreementChanged(StatisticsConsentChanged changed) {
		if (changed.withdrawn()) {
			store.delete(pseudonym(changed.person()));
		}
		else {
			recompute(changed.person(), changed.categories());
		}
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void entryWritten(EntryWritten written) {
		StatisticsAgreement agreement = agreements.of(written.person());
		if (!agreement.contributing()) {
			return;
		}
		Category category = written.section().category();
		if (category == Category.IDENTITY || Coarsening.sections(agreement.categories()).contains(written.section())) {
			recompute(written.person(), agreement.categories());
		}
	}

	private void recompute(PersonId id, Set<Category> categories) {
		Person person = records.find(id)
			.orElseThrow(() -> new IllegalStateException("No record for a consenting person " + id));
		Map<Section, List<Entry>> entries = records.current(Map.of(id, Coarsening.sections(categories))).get(id);
		store.save(Coarsening.of(pseudonym(id), person, categories, entries));
	}

	private String pseudonym(PersonId person) {
		return keys.cipher(person).pseudonym(PSEUDONYM_LABEL);
	}
}
