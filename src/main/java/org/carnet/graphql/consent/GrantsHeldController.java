package org.carnet.graphql.consent;

import java.util.List;

import graphql.GraphQLContext;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.ConsentPolicies;
import org.carnet.consent.Grants;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.graphql.RequestScope;
import org.carnet.record.Person;
import org.carnet.record.Records;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The grants a clinician or mediator holds from one person ({@code consentsGivenToMe}): what the person let them
 * read, as the person sees it in {@code myConsents}, unless the person's home policy hides restrictions.
 */
@Controller
class GrantsHeldController {

	private final Grants grants;

	private final Records records;

	private final ConsentPolicies policies;

	GrantsHeldController(Grants grants, Records records, ConsentPolicies policies) {
		this.grants = grants;
		this.records = records;
		this.policies = policies;
	}

	@QueryMapping
	List<ConsentGrant> consentsGivenToMe(@Argument String personId, GraphQLContext context) {
		Requester requester = RequestScope.of(context).requester();
		if (!requester.has(Role.CLINICIAN) && !requester.has(Role.MEDIATOR)) {
			throw new Forbidden("Only clinicians and mediators hold grants; a person reads their own with myConsents");
		}
		Person person = records.find(PersonId.parse(personId, "personId"))
			.orElseThrow(() -> new NotFound("No person has this id"));
		if (policies.of(person.homeJurisdiction()).restrictionsHidden()) {
			throw new Forbidden("The person's home country does not show the state of their consents to others");
		}
		return grants.heldBy(person.id(), requester);
	}
}
