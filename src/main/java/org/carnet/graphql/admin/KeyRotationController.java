package org.carnet.graphql.admin;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.keyring.KeyRotation;
import org.carnet.keyring.KeyRotationRun;
import org.carnet.keyring.RotationStatus;

import org.springframework.context.event.EventListener;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Key-encryption-key rotation for administrators (the command line has {@code --carnet.rotate-kek}). */
@Controller
class KeyRotationController {

	private static final String SYSTEM = "carnet";

	private static final String COMMAND_LINE = "--carnet.rotate-kek";

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

	/**
	 * A rotation run by an operator from the command line, recorded like one started here; the actor is the system
	 * ({@code carnet}), the operator being whoever ran the command on the server.
	 */
	@EventListener
	void commandLineRun(KeyRotationRun run) {
		audit.system(COMMAND_LINE, AccessEvent
			.bySubject(SYSTEM, null, AccessAction.KEY_ROTATION, run.completed() ? AccessOutcome.SUCCESS
					: AccessOutcome.ERROR)
			.withTarget(AccessEvent.keyTarget(run.jurisdiction())));
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
