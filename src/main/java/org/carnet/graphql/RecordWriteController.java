package org.carnet.graphql;

import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.GrantId;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.ConsentDecisions;
import org.carnet.consent.DenyReason;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.record.Entry;
import org.carnet.record.NewEntry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.Section;
import org.carnet.record.Source;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.Condition;
import org.carnet.record.content.Encounter;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.Medication;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.ReproductiveHealthEntry;
import org.carnet.record.content.Vaccination;
import org.carnet.record.content.VitalSign;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;

/** Registration and the add-entry mutations: each is one transaction; a failure leaves no row and no key. */
@Controller
class RecordWriteController {

	private final Records records;

	private final ConsentDecisions consent;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final TransactionTemplate transactions;

	RecordWriteController(Records records, ConsentDecisions consent, Accounts accounts, AuditTrail audit,
			TransactionTemplate transactions) {
		this.records = records;
		this.consent = consent;
		this.accounts = accounts;
		this.audit = audit;
		this.transactions = transactions;
	}

	/**
	 * Registers through the record module's one registration path (the same the demo takes): the record, the
	 * registrar's initial grant and their audit events. The activation code for the person's paper record is issued
	 * in the same transaction; it is shown once, in this answer. A refusal is audited.
	 */
	@MutationMapping
	Map<String, Object> registerPerson(@Argument Map<String, Object> input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		String operation = scope.operation("registerPerson");
		Requester requester = scope.requester();
		Jurisdiction home = (Jurisdiction) input.get("homeJurisdiction");
		@SuppressWarnings("unchecked")
		Map<String, Object> identityInput = (Map<String, Object>) input.get("identity");
		IdentityDetails identity = EntryViews.content(identityInput, IdentityDetails.class);
		try {
			Registration registration = Registration.by(requester, home, identity, operation, scope.requestId());
			return transactions.execute(tx -> {
				Person person = records.register(registration);
				return new Registered(person, accounts.issueActivationCode(person.id(), person.phrNumber(), home));
			}).view();
		}
		catch (Forbidden ex) {
			audit.refused(scope, operation, AccessEvent.of(requester, AccessAction.REGISTER, AccessOutcome.DENIED));
			throw ex;
		}
	}

	@MutationMapping
	Map<String, Object> addAllergy(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, Allergy.class);
	}

	@MutationMapping
	Map<String, Object> addMedication(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, Medication.class);
	}

	@MutationMapping
	Map<String, Object> addCondition(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, Condition.class);
	}

	@MutationMapping
	Map<String, Object> addVaccination(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, Vaccination.class);
	}

	@MutationMapping
	Map<String, Object> addInfectiousDiseaseScreening(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, InfectiousDiseaseScreening.class);
	}

	@MutationMapping
	Map<String, Object> addMentalHealthAssessment(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, MentalHealthAssessment.class);
	}

	@MutationMapping
	Map<String, Object> addReproductiveHealthEntry(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, ReproductiveHealthEntry.class);
	}

	@MutationMapping
	Map<String, Object> addVitalSign(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, VitalSign.class);
	}

	@MutationMapping
	Map<String, Object> recordBloodGroup(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, BloodGroupEntry.class);
	}

	@MutationMapping
	Map<String, Object> addLabResult(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, LabResult.class);
	}

	@MutationMapping
	Map<String, Object> addEncounter(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, Encounter.class);
	}

	@MutationMapping
	Map<String, Object> updateIdentity(@Argument String personId, @Argument Map<String, Object> input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, IdentityDetails.class);
	}

	/** What registration returns: the payload, shown once. */
	private record Registered(Person person, String activationCode) {

		Map<String, Object> view() {
			return Map.of("person", person, "personId", person.id().toString(), "phrNumber",
					person.phrNumber().value(), "activationCode", activationCode);
		}
	}

	private Map<String, Object> add(DataFetchingEnvironment env, String personId, Map<String, Object> input,
			Class<? extends EntryContent> type) {
		RequestScope scope = RequestScope.of(env.getGraphQlContext());
		String operation = scope.operation(env.getField().getName());
		Requester requester = scope.requester();
		PersonId id = PersonId.parse(personId, "personId");
		Person person = records.find(id).orElseThrow(() -> new NotFound("No person has this id"));
		Category category = Section.of(type).category();
		ConsentDecision decision = consent.decide(requester, id, person.homeJurisdiction(), category,
				Access.READ_WRITE, Purpose.TREATMENT);
		if (decision.denied()) {
			audit.refused(scope, operation, AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.DENIED)
				.about(id, person.homeJurisdiction())
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(), Set.of(category)));
			String reason = decision.reason().map(r -> r.message()).orElse("Consent required");
			if (decision.reason().equals(Optional.of(DenyReason.ROLE_NEVER_ALLOWED))) {
				throw new Forbidden(reason, DenyReason.ROLE_NEVER_ALLOWED.name());
			}
			throw new ConsentRequired(category, reason + " (" + category + ", read and write)",
					decision.reason().map(Enum::name).orElse(DenyReason.NO_GRANT.name()));
		}
		Source source;
		try {
			source = source(requester, person, input);
		}
		catch (BadInput ex) {
			audit.refused(scope, operation, AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.DENIED)
				.about(id, person.homeJurisdiction())
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(), Set.of(category)));
			throw ex;
		}
		EntryContent content = EntryViews.content(input, type);
		Jurisdiction recordedIn = requester.jurisdiction().orElse(person.homeJurisdiction());
		NewEntry entry = new NewEntry(content, requester.subject(), recordedIn, source, supersedes(input));
		Entry added = audit.change(scope, operation, AccessAction.WRITE, () -> records.add(id, entry),
				written -> AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.SUCCESS)
					.about(id, person.homeJurisdiction())
					.withPurpose(Purpose.TREATMENT)
					.withCategories(Set.of(category), Set.of())
					.withGrants(decision.grants().stream().map(GrantId::value).toList()));
		return EntryViews.view(added);
	}

	/** The source follows the writer; a source sent by the client must be that one. */
	private static Source source(Requester requester, Person person, Map<String, Object> input) {
		Object given = input.get("source");
		return Source.writtenBy(requester, person.id(), given == null ? null : Source.valueOf(given.toString()),
				"input.source");
	}

	private static Optional<UUID> supersedes(Map<String, Object> input) {
		Object value = input.get("supersedes");
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(value.toString()));
		}
		catch (IllegalArgumentException ex) {
			throw new BadInput("input.supersedes", "is not a valid entry id");
		}
	}
}
