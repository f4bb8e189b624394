package org.carnet.graphql;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import graphql.ExecutionInput;
import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.CarnetException;
import org.carnet.core.PersonId;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Audits a mutation document refused by a limit before anything ran (too many mutations, or one with effects on a
 * person repeated): one DENIED event per person and action the refused fields name, else one without a person. The
 * refusal itself stands whatever happens here.
 */
@Component
class RefusedMutations implements ParsedDocuments.Refusals {

	private static final Logger log = LoggerFactory.getLogger(RefusedMutations.class);

	private final AuditTrail audit;

	private final Records records;

	RefusedMutations(AuditTrail audit, Records records) {
		this.audit = audit;
		this.records = records;
	}

	@Override
	public void refused(ExecutionInput input, DocumentShape shape, LimitExceeded refusal) {
		RequestScope scope;
		try {
			scope = RequestScope.of(input.getGraphQLContext());
		}
		catch (IllegalStateException ex) {
			return;
		}
		String repeated = refusal.limit().startsWith("mutationsPerDocument.")
				? refusal.limit().substring("mutationsPerDocument.".length()) : null;
		Map<AccessAction, Set<Optional<PersonId>>> attempts = new LinkedHashMap<>();
		for (Field field : shape.keptMutationFields()) {
			if (repeated != null && !field.getName().equals(repeated)) {
				continue;
			}
			AccessAction action = action(field.getName());
			if (action == null) {
				continue;
			}
			Optional<PersonId> person = person(field, input.getVariables());
			if (person.isEmpty()
					&& (field.getName().equals("createShareCode") || field.getName().equals("setStatisticsConsent")
							|| field.getName().equals("setNotificationPreference"))) {
				person = scope.requester().personId();
			}
			attempts.computeIfAbsent(action, a -> new LinkedHashSet<>()).add(person);
		}
		String operation = scope.operationName() != null ? scope.operationName()
				: shape.mutationName() != null ? shape.mutationName() : refusal.limit();
		attempts.forEach((action, persons) -> {
			boolean recorded = false;
			for (Optional<PersonId> person : persons) {
				Optional<Person> found = person.flatMap(this::find);
				if (found.isPresent()) {
					audit.refused(scope, operation,
							AccessEvent.of(scope.requester(), action, AccessOutcome.DENIED)
								.about(found.get().id(), found.get().homeJurisdiction()));
					recorded = true;
				}
			}
			if (!recorded) {
				audit.refused(scope, operation,
						AccessEvent.of(scope.requester(), action, AccessOutcome.DENIED));
			}
		});
		log.info("Refused a mutation document of request {}: {} {} (limit {})", scope.requestId(), refusal.limit(),
				refusal.measured(), refusal.maximum());
	}

	private Optional<Person> find(PersonId id) {
		try {
			return records.find(id);
		}
		catch (CarnetException ex) {
			return Optional.empty();
		}
	}

	/** The action a mutation field would have recorded, for the mutations that touch a person's record or consent. */
	static AccessAction action(String field) {
		return switch (field) {
			case "breakGlass" -> AccessAction.BREAK_GLASS;
			case "requestConsent" -> AccessAction.CONSENT_REQUESTED;
			case "createShareCode" -> AccessAction.SHARE_CODE_CREATED;
			case "redeemShareCode" -> AccessAction.SHARE_CODE_FAILED;
			case "registerPerson" -> AccessAction.REGISTER;
			case "erasePerson" -> AccessAction.ERASURE;
			case "grantConsent" -> AccessAction.CONSENT_GRANTED;
			case "revokeConsent" -> AccessAction.CONSENT_REVOKED;
			case "answerConsentRequest" -> AccessAction.CONSENT_ANSWERED;
			case "setStatisticsConsent" -> AccessAction.CONSENT_GRANTED;
			case "setNotificationPreference" -> AccessAction.NOTIFICATION_PREFERENCE_CHANGED;
			default -> field.startsWith("add") || field.equals("recordBloodGroup") || field.equals("updateIdentity")
					? AccessAction.WRITE : null;
		};
	}

	/** The person a field names: {@code personId} or {@code id} (erasePerson), or {@code input.personId}. */
	private static Optional<PersonId> person(Field field, Map<String, Object> variables) {
		for (Argument argument : field.getArguments()) {
			String name = argument.getName();
			Object value = null;
			if (name.equals("personId") || (name.equals("id") && field.getName().equals("erasePerson"))) {
				value = resolve(argument.getValue(), variables);
			}
			else if (name.equals("input")) {
				Value<?> input = argument.getValue();
				if (input instanceof ObjectValue object) {
					for (ObjectField objectField : object.getObjectFields()) {
						if (objectField.getName().equals("personId")) {
							value = resolve(objectField.getValue(), variables);
						}
					}
				}
				else if (resolve(input, variables) instanceof Map<?, ?> map) {
					value = map.get("personId");
				}
			}
			if (value instanceof String text) {
				try {
					return Optional.of(PersonId.parse(text, name));
				}
				catch (CarnetException ex) {
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}

	private static Object resolve(Value<?> value, Map<String, Object> variables) {
		if (value instanceof StringValue string) {
			return string.getValue();
		}
		if (value instanceof VariableReference reference && variables != null) {
			return variables.get(reference.getName());
		}
		return null;
	}
}
