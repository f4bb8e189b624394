package org.carnet.graphql.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import graphql.GraphQLContext;
import graphql.relay.Connection;
import graphql.relay.DefaultConnection;
import graphql.relay.DefaultConnectionCursor;
import graphql.relay.DefaultEdge;
import graphql.relay.DefaultPageInfo;
import graphql.relay.Edge;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessEventPage;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.AuditFilter;
import org.carnet.audit.AuditQueries;
import org.carnet.audit.AuditVerification;
import org.carnet.audit.AuditVerifier;
import org.carnet.audit.Checkpoint;
import org.carnet.audit.Checkpoints;
import org.carnet.audit.CrossBorderSummary;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;
import org.carnet.record.Person;
import org.carnet.record.Records;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The access ledger through the API: a person's own access log, and for auditors the ledger's search, its
 * verification, checkpoints and cross-border flows. Auditors' own queries are recorded too (AUDIT_READ).
 */
@Controller
class AuditController {

	private static final int DEFAULT_PAGE = 20;

	private final AuditQueries queries;

	private final AuditVerifier verifier;

	private final Checkpoints checkpoints;

	private final AuditTrail audit;

	private final Accounts accounts;

	private final Records records;

	AuditController(AuditQueries queries, AuditVerifier verifier, Checkpoints checkpoints, AuditTrail audit,
			Accounts accounts, Records records) {
		this.queries = queries;
		this.verifier = verifier;
		this.checkpoints = checkpoints;
		this.audit = audit;
		this.accounts = accounts;
		this.records = records;
	}

	/** {@code AuditFilter}: what an auditor looks for; every field is optional. */
	record AuditFilterInput(String personId, String phrNumber, String requester, String organisationId,
			Jurisdiction requesterJurisdiction, Jurisdiction homeJurisdiction, Boolean crossBorder, Boolean emergency,
			List<AccessAction> actions, List<AccessOutcome> outcomes, List<Purpose> purposes, OffsetDateTime from,
			OffsetDateTime to) {
	}

	/** {@code AccessRequester}: who accessed, as the token described them, with their name and organisation. */
	record AccessRequester(String subject, String displayName, List<Role> roles, Organisation organisation,
			Jurisdiction jurisdiction) {
	}

	@QueryMapping
	Connection<AccessEvent> myAccessLog(@Argument Integer first, @Argument String after, GraphQLContext context) {
		PersonId own = RequestScope.of(context).ownRecord("Only a person with a record has an access log");
		return connection(queries.forPerson(own, first == null ? DEFAULT_PAGE : first, after));
	}

	@QueryMapping
	Connection<AccessEvent> auditEvents(@Argument AuditFilterInput filter, @Argument Integer first, @Argument String after,
			GraphQLContext context) {
		RequestScope scope = auditor(context, "auditEvents");
		AccessEventPage page = queries.search(filter(filter), first == null ? DEFAULT_PAGE : first, after);
		audit.append(scope, scope.operation("auditEvents"), auditRead(scope));
		return connection(page);
	}

	@QueryMapping
	AuditVerification verifyAuditLog(@Argument Long from, @Argument Long to, GraphQLContext context) {
		RequestScope scope = auditor(context, "verifyAuditLog");
		AuditVerification verification = verifier.verify(from, to);
		audit.append(scope, scope.operation("verifyAuditLog"), auditRead(scope));
		return verification;
	}

	@QueryMapping
	CrossBorderSummary crossBorderSummary(@Argument OffsetDateTime from, @Argument OffsetDateTime to,
			GraphQLContext context) {
		RequestScope scope = auditor(context, "crossBorderSummary");
		CrossBorderSummary summary = queries.crossBorderSummary(from.toInstant(), to.toInstant());
		audit.append(scope, scope.operation("crossBorderSummary"), auditRead(scope));
		return summary;
	}

	@QueryMapping
	Checkpoint latestAuditCheckpoint(GraphQLContext context) {
		auditor(context, "latestAuditCheckpoint");
		return checkpoints.latest().orElse(null);
	}

	@MutationMapping
	Checkpoint createAuditCheckpoint(GraphQLContext context) {
		RequestScope scope = auditor(context, "createAuditCheckpoint");
		Checkpoint checkpoint = checkpoints.create();
		audit.append(scope, scope.operation("createAuditCheckpoint"), auditRead(scope));
		return checkpoint;
	}

	@SchemaMapping(typeName = "AuditVerification", field = "checkpoint")
	Checkpoint verificationCheckpoint(AuditVerification verification) {
		return verification.checkpointId() == null ? null : checkpoints.find(verification.checkpointId()).orElse(null);
	}

	@SchemaMapping(typeName = "Checkpoint", field = "json")
	String checkpointJson(Checkpoint checkpoint) {
		return checkpoints.export(checkpoint);
	}

	@SchemaMapping(typeName = "Checkpoint", field = "publicKey")
	String checkpointPublicKey(Checkpoint checkpoint) {
		return checkpoints.publicKeyPem();
	}

	/** Who accessed, with names and organisations looked up once per distinct subject and organisation. */
	@BatchMapping(typeName = "AccessEvent", field = "requester")
	Map<AccessEvent, AccessRequester> requester(List<AccessEvent> events) {
		Map<String, Optional<String>> names = new HashMap<>();
		Map<String, Optional<Organisation>> organisations = new HashMap<>();
		Map<AccessEvent, AccessRequester> result = new LinkedHashMap<>();
		for (AccessEvent event : events) {
			String subject = event.requesterSubject();
			String organisation = event.requesterOrganisation();
			result.put(event, new AccessRequester(subject,
					subject == null ? null : names.computeIfAbsent(subject, accounts::displayName).orElse(null),
					List.copyOf(event.requesterRoles()),
					organisation == null ? null
							: organisations.computeIfAbsent(organisation, accounts::organisation).orElse(null),
					event.requesterJurisdiction()));
		}
		return result;
	}

	/** The ledger's page as a Relay connection, which Spring for GraphQL serves as it is. */
	private static Connection<AccessEvent> connection(AccessEventPage page) {
		List<Edge<AccessEvent>> edges = page.edges()
			.stream()
			.<Edge<AccessEvent>>map(edge -> new DefaultEdge<>(edge.node(), new DefaultConnectionCursor(edge.cursor())))
			.toList();
		AccessEventPage.PageInfo info = page.pageInfo();
		return new DefaultConnection<>(edges,
				new DefaultPageInfo(info.startCursor() == null ? null : new DefaultConnectionCursor(info.startCursor()),
						info.endCursor() == null ? null : new DefaultConnectionCursor(info.endCursor()),
						info.hasPreviousPage(), info.hasNextPage()));
	}

	private RequestScope auditor(GraphQLContext context, String operation) {
		RequestScope scope = RequestScope.of(context);
		if (!scope.requester().has(Role.AUDITOR)) {
			audit.refused(scope, scope.operation(operation),
					AccessEvent.of(scope.requester(), AccessAction.AUDIT_READ, AccessOutcome.DENIED));
			throw new Forbidden("Only auditors read the access ledger");
		}
		return scope;
	}

	private static AccessEvent auditRead(RequestScope scope) {
		return AccessEvent.of(scope.requester(), AccessAction.AUDIT_READ, AccessOutcome.SUCCESS);
	}

	private AuditFilter filter(AuditFilterInput filter) {
		if (filter == null) {
			return AuditFilter.everything();
		}
		PersonId person = null;
		if (filter.personId() != null) {
			person = PersonId.parse(filter.personId(), "filter.personId");
		}
		else if (filter.phrNumber() != null) {
			person = records.findByPhrNumber(PhrNumber.parse(filter.phrNumber()))
				.map(Person::id)
				.orElseThrow(() -> new BadInput("filter.phrNumber", "no record has this PHR number"));
		}
		return new AuditFilter(person, filter.requester(), filter.organisationId(), filter.requesterJurisdiction(),
				filter.homeJurisdiction(), filter.crossBorder(), filter.emergency(), set(filter.actions()),
				set(filter.outcomes()), instant(filter.from()), instant(filter.to()), set(filter.purposes()));
	}

	private static <T> Set<T> set(List<T> values) {
		return values == null ? Set.of() : Set.copyOf(values);
	}

	private static Instant instant(OffsetDateTime time) {
		return time == null ? null : time.toInstant();
	}
}
