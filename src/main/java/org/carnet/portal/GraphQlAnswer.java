package org.carnet.portal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.ClientResponseField;

/**
 * A GraphQL answer as the API would have written it: its fields read into records, and its errors, each with its
 * {@code extensions.classification} and, for withheld fields, the category.
 */
final class GraphQlAnswer {

	static final String CONSENT_REQUIRED = "CONSENT_REQUIRED";

	/**
	 * One GraphQL error: its path (field names and list indexes), classification, message and the extensions a page
	 * words it from ({@code reason}, {@code field}, {@code limit}, {@code maximum}, {@code retryAfterSeconds}).
	 */
	record Problem(List<Object> path, String classification, String category, String message,
			Map<String, Object> extensions) {

		Problem {
			path = path == null ? List.of() : path;
			extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
		}

		Problem(List<Object> path, String classification, String category, String message) {
			this(path, classification, category, message, Map.of());
		}

		static Problem of(ResponseError error) {
			Map<String, Object> extensions = error.getExtensions();
			return new Problem(List.copyOf(error.getParsedPath()),
					Objects.toString(extensions.get("classification"), null),
					Objects.toString(extensions.get("category"), null), Objects.toString(error.getMessage(), ""),
					extensions);
		}

		/** For bad input, the input field it concerns ({@code extensions.field}, e.g. {@code input.substance}). */
		String field() {
			Object field = extensions.get("field");
			return field == null ? null : field.toString();
		}

		/** True when the error is about exactly this path. */
		boolean at(List<Object> fieldPath) {
			return path.equals(fieldPath);
		}

		/** An extension as text, or null. */
		String extension(String name) {
			Object value = extensions.get(name);
			return value == null ? null : value.toString();
		}
	}

	private final ClientGraphQlResponse response;

	private final List<Problem> problems;

	GraphQlAnswer(ClientGraphQlResponse response) {
		this.response = response;
		List<Problem> problems = new ArrayList<>();
		response.getErrors().forEach(error -> problems.add(Problem.of(error)));
		this.problems = List.copyOf(problems);
	}

	List<Problem> problems() {
		return problems;
	}

	/**
	 * The field at this path ({@code person}, {@code myAccessLog.pageInfo}) read into a record; empty when it is null
	 * or absent (withheld, refused, or not found: {@link #failure()} says which).
	 */
	<T> Optional<T> field(String path, Class<T> type) {
		ClientResponseField field = response.field(path);
		return field.getValue() == null ? Optional.empty() : Optional.of(field.toEntity(type));
	}

	/**
	 * The answer's data as the API wrote it (JSON objects as maps), for a module that reads the same selection into
	 * its own records (the FHIR summary); null when there is none.
	 */
	Map<String, Object> data() {
		return response.getData();
	}

	/** True when the field at this path has a value (not null, not absent). */
	boolean present(String path) {
		return response.field(path).getValue() != null;
	}

	/** The list at this path read into records; empty when it is null or absent. */
	<T> List<T> list(String path, Class<T> type) {
		ClientResponseField field = response.field(path);
		return field.getValue() == null ? List.of() : field.toEntityList(type);
	}

	/** True when the field at this path was withheld by the consent gate. */
	boolean withheld(Object... path) {
		List<Object> fieldPath = List.of(path);
		return problems.stream().anyMatch(p -> CONSENT_REQUIRED.equals(p.classification()) && p.at(fieldPath));
	}

	/**
	 * The first error that concerns the whole request: any error but a consent gate's withholding of a field below
	 * the answer. A CONSENT_REQUIRED error at a root field (a write the person's consent does not allow) is a failure:
	 * nothing was done.
	 */
	Optional<Problem> failure() {
		return problems.stream()
			.filter(p -> !CONSENT_REQUIRED.equals(p.classification()) || p.path().size() <= 1)
			.findFirst();
	}

	boolean ok() {
		return failure().isEmpty();
	}
}
