package org.carnet.portal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GraphQL answer as the API would have written it: {@code data} and {@code errors}, with each error's
 * {@code extensions.classification} and, for withheld fields, the category.
 */
record GraphQlAnswer(Map<String, Object> data, List<Problem> problems) {

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

	GraphQlAnswer {
		data = data == null ? Map.of() : Collections.unmodifiableMap(data);
		problems = List.copyOf(problems);
	}

	@SuppressWarnings("unchecked")
	static GraphQlAnswer of(Map<String, Object> specification) {
		Map<String, Object> data = (Map<String, Object>) specification.get("data");
		List<Problem> problems = new ArrayList<>();
		Object errors = specification.get("errors");
		if (errors instanceof List<?> list) {
			for (Object item : list) {
				Map<String, Object> error = (Map<String, Object>) item;
				Map<String, Object> extensions = error.get("extensions") instanceof Map<?, ?> map
						? (Map<String, Object>) map : Map.of();
				List<Object> path = error.get("path") instanceof List<?> p ? List.copyOf(p) : List.of();
				problems.add(new Problem(path, Objects.toString(extensions.get("classification"), null),
						Objects.toString(extensions.get("category"), null),
						Objects.toString(error.get("message"), ""), extensions));
			}
		}
		return new GraphQlAnswer(data, problems);
	}

	/** The value at this path below {@code data} (map keys and list indexes), if present and not null. */
	Optional<Object> at(Object... path) {
		Object current = data;
		for (Object step : path) {
			if (current instanceof Map<?, ?> map && step instanceof String key) {
				current = map.get(key);
			}
			else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
				current = list.get(index);
			}
			else {
				return Optional.empty();
			}
			if (current == null) {
				return Optional.empty();
			}
		}
		return Optional.ofNullable(current);
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> object(Object... path) {
		return at(path).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).orElse(null);
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> list(Object... path) {
		return at(path).filter(List.class::isInstance).map(l -> (List<Map<String, Object>>) l).orElse(List.of());
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
