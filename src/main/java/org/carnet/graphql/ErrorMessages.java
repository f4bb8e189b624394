package org.carnet.graphql;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Rewrites the errors graphql-java writes itself (syntax, validation, coercion of arguments and variables) into plain
 * sentences: the engine's prefix goes, the Java type a value arrived as ("but it was a 'LinkedHashMap'") becomes the
 * JSON kind ("an object"), and any message still naming a Java class, package or exception is replaced by a
 * sentence of its kind. Carnet's own errors ({@link ErrorType}) are written plain by {@link ErrorMapping} and kept.
 */
@Component
class ErrorMessages implements WebGraphQlInterceptor, Ordered {

	/** graphql-java's "Validation error (FieldUndefined@[me/x]) : " before the sentence. */
	private static final Pattern ENGINE_PREFIX = Pattern.compile("^Validation error \\([^)]*\\)\\s*:\\s*");

	/** graphql-java's literal-argument message, which prints the value as its syntax tree (e.g. "EnumValue{...}"). */
	private static final Pattern ARGUMENT = Pattern.compile(
			"^argument '([^']+)' with value .*? is not a valid '([^']+)'(?: - (.*))?$", Pattern.DOTALL);

	private static final Pattern JAVA_TYPE = Pattern.compile("(?:it|the value) was an? '([A-Za-z0-9_.$]+)'");

	/** Anything that names the code: packages, exceptions, JDK collection and number types. */
	static final Pattern INTERNALS = Pattern.compile("(?:\\b(?:java|javax|jakarta|org|com|graphql|sun|tools)\\.[a-z]"
			+ "|Exception|Throwable|\\b[A-Z][A-Za-z]*(?:Value|Field)\\{|\\b(?:Int|Float|String|Boolean|Enum|Object|Array|Null)Value\\b|\\bAST\\b|\\bHash(?:Map|Set)|LinkedHash|ArrayList|Immutable[A-Z]|\\bOptional\\b|\\$|\\bat [a-z]+\\.)");

	private static final Map<String, String> JSON_KINDS = Map.ofEntries(Map.entry("LinkedHashMap", "an object"),
			Map.entry("HashMap", "an object"), Map.entry("Map", "an object"), Map.entry("ArrayList", "a list"),
			Map.entry("List", "a list"), Map.entry("String", "text"), Map.entry("Integer", "a number"),
			Map.entry("Long", "a number"), Map.entry("Double", "a number"), Map.entry("Float", "a number"),
			Map.entry("BigDecimal", "a number"), Map.entry("BigInteger", "a number"), Map.entry("Boolean", "true or false"),
			// The same kinds as graphql-java's syntax tree names them, for literals written in the document.
			Map.entry("ObjectValue", "an object"), Map.entry("ArrayValue", "a list"), Map.entry("StringValue", "text"),
			Map.entry("IntValue", "a number"), Map.entry("FloatValue", "a number"),
			Map.entry("BooleanValue", "true or false"), Map.entry("EnumValue", "a name"), Map.entry("NullValue", "null"));

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).map(response -> {
			List<GraphQLError> errors = response.getExecutionResult().getErrors();
			if (errors.isEmpty() || errors.stream().allMatch(error -> error.getErrorType() instanceof ErrorType)) {
				return response;
			}
			List<GraphQLError> plain = errors.stream().map(ErrorMessages::plain).toList();
			return response.transform(builder -> builder.errors(plain));
		});
	}

	static GraphQLError plain(GraphQLError error) {
		if (error.getErrorType() instanceof ErrorType) {
			return error;
		}
		String message = plainMessage(error.getMessage(), String.valueOf(error.getErrorType()));
		if (message.equals(error.getMessage())) {
			return error;
		}
		GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
			.message(message)
			.locations(error.getLocations())
			.errorType(error.getErrorType());
		if (error.getPath() != null) {
			builder.path(error.getPath());
		}
		if (error.getExtensions() != null) {
			builder.extensions(error.getExtensions());
		}
		return builder.build();
	}

	static String plainMessage(String message, String kind) {
		String plain = message == null ? "" : ENGINE_PREFIX.matcher(message).replaceFirst("");
		Matcher javaType = JAVA_TYPE.matcher(plain);
		StringBuilder replaced = new StringBuilder();
		while (javaType.find()) {
			String type = javaType.group(1);
			String simple = type.substring(type.lastIndexOf('.') + 1);
			// A number is the caller's own value (an Int out of range): it may be said back.
			String kindOfValue = type.matches("-?[0-9][0-9.eE+-]*") ? type
					: JSON_KINDS.getOrDefault(simple, "a value of another kind");
			javaType.appendReplacement(replaced, Matcher.quoteReplacement(
					javaType.group().substring(0, javaType.group().indexOf(" was ") + 5) + kindOfValue));
		}
		javaType.appendTail(replaced);
		plain = replaced.toString().strip();
		Matcher argument = ARGUMENT.matcher(plain);
		if (argument.matches()) {
			// The value is printed as a syntax tree: name the argument and keep the reason only if it is plain.
			String reason = argument.group(3) == null ? "" : argument.group(3).strip();
			plain = "The value of argument '" + argument.group(1) + "' is not a valid " + argument.group(2)
					+ (reason.isEmpty() || INTERNALS.matcher(reason).find() ? "." : ": " + reason);
		}
		if (plain.isEmpty() || INTERNALS.matcher(plain).find()) {
			return fallback(kind);
		}
		return plain;
	}

	private static String fallback(String kind) {
		return switch (kind) {
			case "InvalidSyntax" -> "The query is not valid GraphQL: check its syntax.";
			case "ValidationError" -> "The query or a value in it is not valid: check each argument and variable.";
			default -> "The request could not be completed; nothing was changed.";
		};
	}

	/** Innermost: sees graphql-java's errors first, before the audit interceptor decides on the response. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
