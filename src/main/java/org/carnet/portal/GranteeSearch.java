package org.carnet.portal;

import java.util.ArrayList;
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
		GraphQlAnswer answer = graphQl.document("PortalGrantees").variable("search", search).execute();
		if (!answer.ok()) {
			problems.refused(answer, Map.of(), Set.of("search"), model);
			return;
		}
		List<Candidate> candidates = new ArrayList<>();
		answer.list("grantees", Answers.Grantee.class).forEach(found -> candidates.add(candidate(found)));
		model.addAttribute("candidates", candidates);
	}

	/** A grantee as the page offers it: the choice sent back ({@code kind}, {@code value}) and how it reads. */
	record Candidate(String kind, String value, String label) {
	}

	/** A chosen grantee as the server knows it: found again by its id, never taken from the address as text. */
	Optional<Answers.Grantee> resolve(String kind, String value) {
		if ("ANY_CLINICIAN_IN".equals(kind)) {
			return Countries.options(text)
				.stream()
				.filter(option -> option.code().equals(value))
				.findFirst()
				.map(option -> new Answers.Grantee(kind, option.code(), option.name(), null, option.code()));
		}
		if (value.isBlank() || value.length() > 200) {
			return Optional.empty();
		}
		GraphQlAnswer answer = graphQl.document("PortalGrantees").variable("search", value).execute();
		return answer.list("grantees", Answers.Grantee.class)
			.stream()
			.filter(found -> kind.equals(found.kind()) && value.equals(found.value()))
			.findFirst();
	}

	/** One line per candidate: "Dr Jonas Weber, Klinikum Nord (Germany)". */
	Candidate candidate(Answers.Grantee found) {
		String kind = Objects.toString(found.kind(), "");
		// names as typed into the directory: isolated, each reads in its own direction within the label
		String name = text.isolate(Objects.toString(found.displayName(), Objects.toString(found.value(), "")));
		String country = text.country(found.country());
		String label;
		switch (kind) {
			case "USER":
				label = text.msg("my.grant.candidate.USER", name,
						text.isolate(Objects.toString(found.organisationName(), "")), country);
				break;
			case "ORGANISATION":
				label = text.msg("my.grant.candidate.ORGANISATION", name, country);
				break;
			default:
				label = text.msg("my.grant.candidate.ANY_CLINICIAN_IN", country);
				break;
		}
		return new Candidate(kind, found.value(), label);
	}
}
