package org.carnet.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.carnet.fhir.SearchAnswers.ConsentsAnswer;
import org.carnet.fhir.SearchAnswers.Edge;
import org.carnet.fhir.SearchAnswers.EventsAnswer;
import org.carnet.fhir.SearchAnswers.Grant;
import org.carnet.fhir.SearchAnswers.Page;
import org.carnet.fhir.SearchAnswers.PageInfo;
import org.carnet.fhir.SearchAnswers.Viewer;
import org.carnet.fhir.SearchAnswers.ViewerAnswer;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads grants and access events for the FHIR searches through the GraphQL API in-process ({@link InProcessGraphQl}),
 * so that the API's role checks and audit apply unchanged: the person (or their guardian or proxy) through
 * {@code myConsents} and {@code myAccessLog}; clinicians and mediators through {@code consentsGivenToMe}; auditors
 * through {@code auditEvents}, which refuses everyone else and records the refusal.
 */
@Component
class SearchQueries {

	static final String CONSENT_ENTRY_POINT = "FHIR Consent";

	static final String AUDIT_ENTRY_POINT = "FHIR AuditEvent";

	/** What one GraphQL page of {@code myAccessLog} and {@code auditEvents} may hold. */
	static final int GRAPHQL_PAGE = 100;

	private static final Set<String> NONE_TOLERATED = Set.of();

	private final InProcessGraphQl graphql;

	private final String viewer;

	private final String consents;

	private final String events;

	SearchQueries(InProcessGraphQl graphql) {
		this.graphql = graphql;
		this.viewer = InProcessGraphQl.document("graphql-documents/fhir/FhirViewer.graphql");
		this.consents = InProcessGraphQl.document("graphql-documents/fhir/FhirConsents.graphql");
		this.events = InProcessGraphQl.document("graphql-documents/fhir/FhirAuditEvents.graphql");
	}

	/**
	 * The grants of the person: all of them for the person themself (or who acts for them), those they hold for a
	 * clinician or mediator, a refusal for anyone else.
	 */
	List<Grant> consents(HttpServletRequest servlet, String personId) {
		Viewer me = viewer(servlet, CONSENT_ENTRY_POINT);
		boolean own = personId.equalsIgnoreCase(String.valueOf(me.personId()));
		ConsentsAnswer answer = graphql.execute(servlet, CONSENT_ENTRY_POINT, consents,
				own ? "FhirConsents" : "FhirConsentsGivenToMe", own ? Map.of() : Map.of("personId", personId),
				ConsentsAnswer.class, NONE_TOLERATED, "The consents could not be read");
		if (answer == null || answer.consents() == null) {
			throw InProcessGraphQl.unavailable();
		}
		return answer.consents();
	}

	/**
	 * Up to {@code count} access events about the person, newest first, after {@code cursor} (null: from the newest);
	 * read in GraphQL pages of at most {@value #GRAPHQL_PAGE}. The person reads their own access log, anyone else
	 * the ledger as an auditor.
	 */
	Page events(HttpServletRequest servlet, String personId, int count, String cursor) {
		Viewer me = viewer(servlet, AUDIT_ENTRY_POINT);
		boolean own = personId.equalsIgnoreCase(String.valueOf(me.personId()));
		List<Edge> edges = new ArrayList<>();
		String after = cursor;
		boolean more = true;
		while (more && edges.size() < count) {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("first", Math.min(GRAPHQL_PAGE, count - edges.size()));
			variables.put("after", after);
			if (!own) {
				variables.put("personId", personId);
			}
			EventsAnswer answer = graphql.execute(servlet, AUDIT_ENTRY_POINT, events,
					own ? "FhirAccessLog" : "FhirAuditEvents", variables, EventsAnswer.class, NONE_TOLERATED,
					"The access events could not be read");
			if (answer == null || answer.page() == null) {
				throw InProcessGraphQl.unavailable();
			}
			edges.addAll(answer.page().edges());
			more = answer.page().pageInfo().hasNextPage();
			after = answer.page().pageInfo().endCursor();
		}
		return new Page(edges, new PageInfo(more, more ? after : null));
	}

	private Viewer viewer(HttpServletRequest servlet, String entryPoint) {
		ViewerAnswer answer = graphql.execute(servlet, entryPoint, viewer, "FhirViewer", Map.of(), ViewerAnswer.class,
				NONE_TOLERATED, "The requester could not be identified");
		if (answer == null || answer.me() == null) {
			throw new FhirFailure(HttpStatus.UNAUTHORIZED, IssueType.LOGIN, "Sign in: send a bearer token");
		}
		return answer.me();
	}
}
