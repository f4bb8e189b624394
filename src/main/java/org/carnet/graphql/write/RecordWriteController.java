package org.carnet.graphql.write;

import java.util.Set;
import java.util.Optional;
import java.util.UUID;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.ConsentDecisions;
import org.carnet.consent.ConsentPolicies;
import org.carnet.consent.DenyReason;
import org.carnet.consent.GrantId;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.ConsentRequired;
import org.carnet.graphql.RequestScope;
import org.carnet.graphql.write.RecordInputs.AllergyInput;
import org.carnet.graphql.write.RecordInputs.BloodGroupInput;
import org.carnet.graphql.write.RecordInputs.ConditionInput;
import org.carnet.graphql.write.RecordInputs.EncounterInput;
import org.carnet.graphql.write.RecordInputs.EntryInput;
import org.carnet.graphql.write.RecordInputs.IdentityInput;
import org.carnet.graphql.write.RecordInputs.InfectiousDiseaseScreeningInput;
import org.carnet.graphql.write.RecordInputs.LabResultInput;
import org.carnet.graphql.write.RecordInputs.MedicationInput;
import org.carnet.graphql.write.RecordInputs.MentalHealthAssessmentInput;
import org.carnet.graphql.write.RecordInputs.RegisterPersonInput;
import org.carnet.graphql.write.RecordInputs.ReproductiveHealthEntryInput;
import org.carnet.graphql.write.RecordInputs.VaccinationInput;
import org.carnet.graphql.write.RecordInputs.VitalSignInput;
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

/**
 * Registration and the add-entry mutations: each is one transaction; a failure leaves no row and no key. They take
 * the input records of {@link RecordInputs} and answer the {@link Entry} added, served by {@code read.EntryViews}.
 */
@Controller
class RecordWriteController {

	private final Records records;

	private final ConsentDecisions consent;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final TransactionTemplate transactions;

	private final ConsentPolicies policies;

	RecordWriteController(Records records, ConsentDecisions consent, Accounts accounts, AuditTrail audit,
			TransactionTemplate transactions, ConsentPolicies policies) {
		this.policies = policies;
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
	RegisteredPerson registerPerson(@Argument RegisterPersonInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		String operation = scope.operation("registerPerson");
		Requester requester = scope.requester();
		Jurisdiction home = input.homeJurisdiction();
		IdentityDetails identity = input.identity().content();
		try {
			Registration registration = Registration.by(requester, home, identity, operation, scope.requestId());
			return transactions.execute(tx -> {
				Person person = records.register(registration);
				String activationCode = accounts.issueActivationCode(person.id(), person.phrNumber(), home);
				return new RegisteredPerson(person, activationCode);
			});
		}
		catch (Forbidden ex) {
			audit.refused(scope, operation, AccessEvent.of(requester, AccessAction.REGISTER, AccessOutcome.DENIED));
			throw ex;
		}
	}

	@MutationMapping
	Entry addAllergy(@Argument String personId, @Argument AllergyInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, Allergy.class);
	}

	@MutationMapping
	Entry addMedication(@Argument String personId, @Argument MedicationInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, Medication.class);
	}

	@MutationMapping
	Entry addCondition(@Argument String personId, @Argument ConditionInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, Condition.class);
	}

	@MutationMapping
	Entry addVaccination(@Argument String personId, @Argument VaccinationInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, Vaccination.class);
	}

	@MutationMapping
	Entry addInfectiousDiseaseScreening(@Argument String personId, @Argument InfectiousDiseaseScreeningInput input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, InfectiousDiseaseScreening.class);
	}

	@MutationMapping
	Entry addMentalHealthAssessment(@Argument String personId, @Argument MentalHealthAssessmentInput input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, MentalHealthAssessment.class);
	}

	@MutationMapping
	Entry addReproductiveHealthEntry(@Argument String personId, @Argument ReproductiveHealthEntryInput input,
			DataFetchingEnvironment env) {
		return add(env, personId, input, ReproductiveHealthEntry.class);
	}

	@MutationMapping
	Entry addVitalSign(@Argument String personId, @Argument VitalSignInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, VitalSign.class);
	}

	@MutationMapping
	Entry recordBloodGroup(@Argument String personId, @Argument BloodGroupInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, BloodGroupEntry.class);
	}

	@MutationMapping
	Entry addLabResult(@Argument String personId, @Argument LabResultInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, LabResult.class);
	}

	@MutationMapping
	Entry addEncounter(@Argument String personId, @Argument EncounterInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, Encounter.class);
	}

	@MutationMapping
	Entry updateIdentity(@Argument String personId, @Argument IdentityInput input, DataFetchingEnvironment env) {
		return add(env, personId, input, IdentityDetails.class);
	}

	/** {@code RegisterPersonPayload}: the new record, and its activation code, shown this once. */
	record RegisteredPerson(Person person, String personId, String phrNumber, String activationCode) {

		RegisteredPerson(Person person, String activationCode) {
			this(person, person.id().toString(), person.phrNumber().value(), activationCode);
		}
	}

	private <T extends EntryContent> Entry add(DataFetchingEnvironment env, String personId, EntryInput<T> input,
			Class<T> type) {
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
			// where restrictions are hidden, a reason that tells what the person did (a revocation) is not shown
			boolean hidden = policies.of(person.homeJurisdiction()).restrictionsHidden();
			Optional<DenyReason> shown = decision.reason().map(r -> r.shownTo(hidden));
			String reason = shown.map(r -> r.message()).orElse("Consent required");
			if (shown.equals(Optional.of(DenyReason.ROLE_NEVER_ALLOWED))) {
				throw new Forbidden(reason, DenyReason.ROLE_NEVER_ALLOWED.name());
			}
			throw new ConsentRequired(category, reason + " (" + category + ", read and write)",
					shown.map(Enum::name).orElse(DenyReason.NO_GRANT.name()));
		}
		Source source;
		try {
			// the source follows the writer; a source sent by the client must be that one
			source = Source.writtenBy(requester, person.id(), input.source(), "input.source");
		}
		catch (BadInput ex) {
			audit.refused(scope, operation, AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.DENIED)
				.about(id, person.homeJurisdiction())
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(), Set.of(category)));
			throw ex;
		}
		EntryContent content = input.content();
		Jurisdiction recordedIn = requester.jurisdiction().orElse(person.homeJurisdiction());
		NewEntry entry = new NewEntry(content, requester.subject(), recordedIn, source, supersedes(input.supersedes()));
		return audit.change(scope, operation, AccessAction.WRITE, () -> records.add(id, entry),
				written -> AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.SUCCESS)
					.about(id, person.homeJurisdiction())
					.withPurpose(Purpose.TREATMENT)
					.withCategories(Set.of(category), Set.of())
					.withGrants(decision.grants().stream().map(GrantId::value).toList()));
	}

	private static Optional<UUID> supersedes(String value) {
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			throw new BadInput("input.supersedes", "is not a valid entry id");
		}
	}
}
