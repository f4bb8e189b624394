package org.carnet.graphql;

import java.util.List;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;
import org.carnet.identity.Requesters;

import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code me}: the signed-in requester as Carnet sees it, from the access token. */
@Controller
class ViewerController {

	private final Accounts accounts;

	ViewerController(Accounts accounts) {
		this.accounts = accounts;
	}

	/** The {@code Viewer} type of {@code schema/identity.graphqls}. */
	record Viewer(String subject, List<Role> roles, String displayName, Organisation organisation,
			Jurisdiction jurisdiction, String personId) {
	}

	@QueryMapping
	Viewer me() {
		Requester requester = Requesters.current();
		return new Viewer(requester.subject(), requester.roles().stream().sorted().toList(),
				accounts.displayName(requester.subject()).orElse(null),
				requester.organisation().flatMap(accounts::organisation).orElse(null),
				requester.jurisdiction().orElse(null), requester.personId().map(Object::toString).orElse(null));
	}
}
