package org.carnet.graphql;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;
import org.carnet.keyring.KeyRotation;
import org.carnet.keyring.RotationStatus;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Key-encryption-key rotation for administrators (the command line has {@code --carnet.rotate-kek}). */
@Controller
class KeyRotationController {

	private final KeyRotation rotation;

	private final AuditTrail audit;

	KeyRotationController(KeyRotation rotation, AuditTrail audit) {
		this.rotation = rotation;
		this.audit = audit;
	}

	@QueryMapping
	RotationStatus keyRotationStatus(@Argument Jurisdiction jurisdiction, GraphQLContext context) {
		administrator(context, "keyRotationStatus");
		return rotation.status(jurisdiction).orElse(null);
	}

	@MutationMapping
	RotationStatus rotateKeyEncryptionKey(@Argument Jurisdiction jurisdiction,
			@Argument Boolean raiseMinDecryptionVersion, GraphQLContext context) {
		RequestScope scope = administrator(context, "rotateKeyEncryptionKey");
		RotationStatus status = rotation.start(jurisdiction, raiseMinDecryptionVersion == null
				|| raiseMinDecryptionVersion);
		audit.append(scope, scope.operation("rotateKeyEncryptionKey"),
				AccessEvent.of(scope.requester(), AccessAction.KEY_ROTATION, AccessOutcome.SUCCESS)
					.withTarget(AccessEvent.keyTarget(jurisdiction)));
		return status;
	}

	private RequestScope administrator(GraphQLContext context, String operation) {
		RequestScope scope = RequestScope.of(context);
		if (!scope.requester().has(Role.ADMIN)) {
			audit.refused(scope, scope.operation(operation),
					AccessEvent.of(scope.requester(), AccessAction.KEY_ROTATION, AccessOutcome.DENIED));
			throw new Forbidden("Only administrators rotate keys");
		}
		return scope;
	}
}
