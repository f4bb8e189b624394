package org.carnet.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.ui.Model;

/**
 * The search step of sharing (the person's grant, a mediator's proposal): type a name, a clinic or a country, see
 * what the server found (the API's {@code grantees}), choose one. A chosen grantee is found again on the server by its
 * id, never taken from the address as text.
 */
final class GranteeSearch {

	private static final String GRANTEES = """
			query PortalGrantees($search: String!) {
			  grantees(search: $search) { kind value displayName organisationName country }
			}""";

	private final PortalGraphQl graphQl;

	private final PortalText text;

	GranteeSearch(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
	}

	/**
	 * The candidates matching {@code search}, as the page shows them ({@code search}, {@code candidates}); a search
	 * the API refuses (too short, say) is a problem of the search field.
	 */
	void search(String search, FormProblems problems, Model model) {
		model.addAttribute("search", search);
		GraphQlAnswer answer = graphQl.execute(GRANTEES, Map.of("search", search));
		if (!answer.ok()) {
			problems.refused(answer, Map.of(), Set.of("search"), model);
			return;
		}
		List<Map<String, Object>> candidates = new ArrayList<>();
		answer.list("grantees").forEach(found -> candidates.add(candidate(found)));
		model.addAttribute("candidates", candidates);
	}

	/** A chosen grantee as the server knows it: found again by its id, never taken from the address as text. */
	Optional<Map<String, Object>> resolve(String kind, String value) {
		if ("ANY_CLINICIAN_IN".equals(kind)) {
			return Countries.options(text).stream()
				.filter(option -> option.code().equals(value))
				.findFirst()
				.map(option -> {
					Map<String, Object> country = new LinkedHashMap<>();
					country.put("kind", kind);
					country.put("value", option.code());
					country.put("displayName", option.name());
					country.put("country", option.code());
					return country;
				});
		}
		if (value.isBlank() || value.length() > 200) {
			return Optional.empty();
		}
		GraphQlAnswer answer = graphQl.execute(GRANTEES, Map.of("search", value));
		return answer.list("grantees")
			.stream()
			.filter(found -> kind.equals(found.get("kind")) && value.equals(found.get("value")))
			.findFirst();
	}

	/** One line per candidate: "Dr Jonas Weber, Klinikum Nord (Germany)". */
	Map<String, Object> candidate(Map<String, Object> found) {
		String kind = Objects.toString(found.get("kind"), "");
		// names as typed into the directory: isolated, each reads in its own direction within the label
		String name = text
			.isolate(Objects.toString(found.get("displayName"), Objects.toString(found.get("value"), "")));
		String country = text.country(found.get("country"));
		String label;
		switch (kind) {
			case "USER":
				label = text.msg("my.grant.candidate.USER", name,
						text.isolate(Objects.toString(found.get("organisationName"), "")), country);
				break;
			case "ORGANISATION":
				label = text.msg("my.grant.candidate.ORGANISATION", name, country);
				break;
			default:
				label = text.msg("my.grant.candidate.ANY_CLINICIAN_IN", country);
				break;
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("kind", kind);
		view.put("value", found.get("value"));
		view.put("label", label);
		return view;
	}

}
