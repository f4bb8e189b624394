package org.carnet.graphql;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.ConsentErasure;
import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.keyring.KeyRotation;
import org.carnet.keyring.RotationStatus;
import org.carnet.record.RecordStore;
import org.carnet.record.Tombstone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * The right to erasure: the record, its grants and its data key go in one audited transaction; then the KEK version
 * that wrapped the key is retired (rotation with rewrap of every other key of the jurisdiction), so that a backup
 * taken before cannot be decrypted with the keys that remain.
 */
@Controller
class ErasureController {

	private static final Logger log = LoggerFactory.getLogger(ErasureController.class);

	private final RecordStore records;

	private final ConsentErasure consent;

	private final KeyRotation rotation;

	private final AuditTrail audit;

	ErasureController(RecordStore records, ConsentErasure consent, KeyRotation rotation, AuditTrail audit) {
		this.records = records;
		this.consent = consent;
		this.rotation = rotation;
		this.audit = audit;
	}

	@MutationMapping
	Map<String, Object> erasePerson(@Argument String id, @Argument String requestReference, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		PersonId person = PersonId.parse(id, "id");
		Optional<String> reference = Optional.ofNullable(requestReference).map(String::strip).filter(r -> !r.isEmpty());
		boolean self = requester.has(Role.MIGRANT) && requester.is(person);
		if (!self && !requester.has(Role.ADMIN)) {
			audit.refused(scope, scope.operation("erasePerson"),
					AccessEvent.of(requester, AccessAction.ERASURE, AccessOutcome.DENIED).about(person, null));
			throw new Forbidden("Only the person, or an administrator acting on their recorded request, erases a record");
		}
		if (!self && reference.isEmpty()) {
			throw new BadInput("requestReference", "an administrator erases a record only on the person's recorded "
					+ "request: give its reference");
		}
		if (reference.isPresent() && reference.get().length() > 200) {
			throw new BadInput("requestReference", "is longer than 200 characters");
		}
		Tombstone tombstone = audit.change(scope, scope.operation("erasePerson"), AccessAction.ERASURE,
				AccessEvent.of(requester, AccessAction.ERASURE, AccessOutcome.DENIED).about(person, null), () -> {
			Tombstone erased = records.erase(person, requester.subject(), reference);
			consent.erase(person);
			return erased;
		}, erased -> AccessEvent.of(requester, AccessAction.ERASURE, AccessOutcome.SUCCESS)
			.about(person, erased.homeJurisdiction()));
		Map<String, Object> receipt = new HashMap<>();
		receipt.put("personId", person.toString());
		receipt.put("phrNumber", tombstone.phrNumber().value());
		receipt.put("erasedAt", tombstone.erasedAt());
		receipt.put("erasedBy", tombstone.erasedBy());
		receipt.put("requestReference", tombstone.requestReference().orElse(null));
		receipt.put("keysRetired", retireKeyVersion(tombstone));
		return receipt;
	}

	/** Rotates the home jurisdiction's KEK and raises its minimum decryption version; false if that must wait. */
	private boolean retireKeyVersion(Tombstone tombstone) {
		try {
			RotationStatus status = rotation.rotate(tombstone.homeJurisdiction(), true);
			return status.state() == RotationStatus.State.COMPLETED && status.minDecryptionVersion() != null
					&& status.minDecryptionVersion() == status.kekVersion();
		}
		catch (CarnetException ex) {
			log.warn("Erasure of {}: the KEK version of {} is not retired yet ({}); the next rotation retires it",
					tombstone.person(), tombstone.homeJurisdiction(), ex.getMessage());
			return false;
		}
	}
}
