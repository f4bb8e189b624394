package org.carnet.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Access events of the ledger as rows of a page: who, from where, what, when; emergencies flagged. */
final class AccessEvents {

	private AccessEvents() {
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> views(List<Map<String, Object>> edges, PortalText text) {
		ConsentSentences sentences = new ConsentSentences(text);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> edge : edges) {
			Map<String, Object> event = (Map<String, Object>) edge.get("node");
			if (event == null) {
				continue;
			}
			Map<String, Object> requester = event.get("requester") instanceof Map<?, ?> map
					? (Map<String, Object>) map : Map.of();
			Map<String, Object> organisation = requester.get("organisation") instanceof Map<?, ?> map
					? (Map<String, Object>) map : null;
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("sequence", event.get("sequence"));
			row.put("time", text.dateTime(event.get("time")));
			Object name = requester.get("displayName") != null ? requester.get("displayName")
					: requester.get("subject");
			row.put("who", name == null ? text.msg("log.unknownRequester") : name);
			row.put("subject", requester.get("subject"));
			row.put("organisation", organisation == null ? "" : organisation.get("name"));
			List<String> roles = new ArrayList<>();
			if (requester.get("roles") instanceof List<?> list) {
				list.forEach(role -> roles.add(text.label("Role", role)));
			}
			row.put("roles", String.join(", ", roles));
			row.put("country", text.country(requester.get("jurisdiction")));
			row.put("countryCode", requester.get("jurisdiction"));
			row.put("action", text.label("AccessAction", event.get("action")));
			row.put("outcome", text.label("AccessOutcome", event.get("outcome")));
			row.put("denied", "DENIED".equals(event.get("outcome")));
			row.put("purpose", event.get("purpose") == null ? "" : text.purpose(event.get("purpose")));
			row.put("served", sentences.categories((List<?>) event.get("categoriesServed")));
			row.put("withheld", sentences.categories((List<?>) event.get("categoriesWithheld")));
			row.put("emergency", Boolean.TRUE.equals(event.get("emergency")));
			row.put("crossBorder", Boolean.TRUE.equals(event.get("crossBorder")));
			row.put("justification", event.get("breakGlassJustification"));
			row.put("personId", event.get("personId"));
			row.put("home", event.get("homeJurisdiction") == null ? "" : text.country(event.get("homeJurisdiction")));
			row.put("clientId", event.get("clientId"));
			rows.add(row);
		}
		return rows;
	}
}
