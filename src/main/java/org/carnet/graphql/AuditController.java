package org.carnet.graphql;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;
import org.carnet.record.Person;
import org.carnet.record.RecordStore;

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

	private final RecordStore records;

	AuditController(AuditQueries queries, AuditVerifier verifier, Checkpoints checkpoints, AuditTrail audit,
			Accounts accounts, RecordStore records) {
		this.queries = queries;
		this.verifier = verifier;
		this.checkpoints = checkpoints;
		this.audit = audit;
		this.accounts = accounts;
		this.records = records;
	}

	@QueryMapping
	Connection<AccessEvent> myAccessLog(@Argument Integer first, @Argument String after, GraphQLContext context) {
		PersonId own = RequestScope.of(context).ownRecord("Only a person with a record has an access log");
		return connection(queries.forPerson(own, first == null ? DEFAULT_PAGE : first, after));
	}

	@QueryMapping
	Connection<AccessEvent> auditEvents(@Argument Map<String, Object> filter, @Argument Integer first, @Argument String after,
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
	Map<AccessEvent, Map<String, Object>> requester(List<AccessEvent> events) {
		Map<String, Optional<String>> names = new HashMap<>();
		Map<String, Optional<Organisation>> organisations = new HashMap<>();
		Map<AccessEvent, Map<String, Object>> result = new LinkedHashMap<>();
		for (AccessEvent event : events) {
			Map<String, Object> requester = new HashMap<>();
			requester.put("subject", event.requesterSubject());
			requester.put("roles", event.requesterRoles());
			requester.put("jurisdiction", event.requesterJurisdiction());
			if (event.requesterSubject() != null) {
				requester.put("displayName",
						names.computeIfAbsent(event.requesterSubject(), accounts::displayName).orElse(null));
			}
			if (event.requesterOrganisation() != null) {
				requester.put("organisation", organisations
					.computeIfAbsent(event.requesterOrganisation(), accounts::organisation)
					.orElse(null));
			}
			result.put(event, requester);
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

	private AuditFilter filter(Map<String, Object> filter) {
		if (filter == null) {
			return AuditFilter.everything();
		}
		PersonId person = null;
		if (filter.get("personId") != null) {
			person = PersonId.parse(filter.get("personId").toString(), "filter.personId");
		}
		else if (filter.get("phrNumber") != null) {
			person = records.findByPhrNumber(PhrNumber.parse(filter.get("phrNumber").toString()))
				.map(Person::id)
				.orElseThrow(() -> new BadInput("filter.phrNumber", "no record has this PHR number"));
		}
		return new AuditFilter(person, (String) filter.get("requester"), (String) filter.get("organisationId"),
				(Jurisdiction) filter.get("requesterJurisdiction"), (Jurisdiction) filter.get("homeJurisdiction"),
				(Boolean) filter.get("crossBorder"), (Boolean) filter.get("emergency"),
				Inputs.enums(filter.get("actions"), AccessAction.class), Inputs.enums(filter.get("outcomes"), AccessOutcome.class),
				Inputs.instant(filter.get("from")).orElse(null),
				Inputs.instant(filter.get("to")).orElse(null), Inputs.enums(filter.get("purposes"), Purpose.class));
	}


}
