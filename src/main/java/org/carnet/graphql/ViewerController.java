package org.carnet.graphql;

import java.util.List;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;
import graphql.GraphQLContext;
import org.carnet.core.ActingFor;

import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code me}: the signed-in requester as Carnet sees it, from the access token. The display name and the
 * organisation are read from the database only when asked for (one statement each): {@code me { subject roles }}
 * costs none.
 */
@Controller
class ViewerController {

	private final Accounts accounts;

	ViewerController(Accounts accounts) {
		this.accounts = accounts;
	}

	/** The {@code Viewer} type of {@code schema/identity.graphqls}; {@code organisationId} is not a field of it. */
	record Viewer(String subject, List<Role> roles, Jurisdiction jurisdiction, String personId, String organisationId,
			ActingForView actingFor) {
	}

	/** The {@code ActingFor} type. */
	record ActingForView(String representationId, ActingFor.Kind kind, String personId, List<String> rights) {

		static ActingForView of(ActingFor capacity) {
			List<String> rights = new java.util.ArrayList<>(2);
			if (capacity.readRecord()) {
				rights.add("READ_RECORD");
			}
			if (capacity.manageConsent()) {
				rights.add("MANAGE_CONSENT");
			}
			return new ActingForView(capacity.representation().toString(), capacity.kind(),
					capacity.person().toString(), rights);
		}
	}

	/** The requester of this request: when acting for someone, the person's place and the capacity. */
	@QueryMapping
	Viewer me(GraphQLContext context) {
		Requester requester = RequestScope.of(context).requester();
		return new Viewer(requester.subject(), requester.roles().stream().sorted().toList(),
				requester.jurisdiction().orElse(null), requester.personId().map(Object::toString).orElse(null),
				requester.organisation().orElse(null), requester.actingFor().map(ActingForView::of).orElse(null));
	}

	@SchemaMapping
	String displayName(Viewer viewer) {
		return accounts.displayName(viewer.subject()).orElse(null);
	}

	@SchemaMapping
	Organisation organisation(Viewer viewer) {
		return viewer.organisationId() == null ? null : accounts.organisation(viewer.organisationId()).orElse(null);
	}
}
