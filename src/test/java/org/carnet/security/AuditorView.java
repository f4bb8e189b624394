package org.carnet.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carnet.testing.GraphQlRequests;
import tools.jackson.databind.JsonNode;

/** The access ledger as an auditor sees it through the API: events, oldest first. */
final class AuditorView {

	static final String EVENTS = """
			query AuditorEvents($filter: AuditFilter) {
			  auditEvents(filter: $filter, first: 100) {
			    edges { node { sequence action outcome purpose personId homeJurisdiction crossBorder emergency
			      categoriesServed categoriesWithheld target count operationName requestId
			      requester { subject roles } } }
			  }
			}""";

	private final GraphQlRequests graphql;

	private final String auditorToken;

	AuditorView(GraphQlRequests graphql, String auditorToken) {
		this.graphql = graphql;
		this.auditorToken = auditorToken;
	}

	/** The events matching the filter (auditFilter fields), oldest first. */
	List<JsonNode> events(Map<String, Object> filter) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("filter", filter);
		JsonNode answer = graphql.execute(auditorToken, EVENTS, variables);
		if (answer.has("errors")) {
			throw new IllegalStateException(answer.toString());
		}
		List<JsonNode> events = new ArrayList<>();
		answer.at("/data/auditEvents/edges").forEach(edge -> events.add(0, edge.get("node")));
		return events;
	}

	/** The events of one requester, of these actions. */
	List<JsonNode> byRequester(String subject, String... actions) {
		return events(Map.of("requester", subject, "actions", List.of(actions)));
	}

	static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	static String text(JsonNode node, String pointer) {
		JsonNode value = node.at(pointer);
		return value.isMissingNode() || value.isNull() ? null : value.asString();
	}
}
