package org.carnet.graphql;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/**
 * The {@code Date} scalar: a calendar day written {@code YYYY-MM-DD}, read strictly ({@code 2026-02-30} is refused,
 * never moved to the 28th as the extended scalars' lenient pattern does). A day that has the right shape but does not
 * exist is carried to {@link InputChecks} as an {@link InvalidDate}, which refuses it naming the field; text of
 * another shape is refused by GraphQL's own coercion.
 */
final class DateScalar {

	static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
		.withResolverStyle(ResolverStyle.STRICT);

	private static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	/** A value shaped like a date that names no real day: refused with the field's name before any fetcher runs. */
	record InvalidDate(String problem) {
	}

	static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
		.name("Date")
		.description("A calendar day, YYYY-MM-DD (ISO 8601, read strictly)")
		.coercing(new Coercing<Object, String>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				if (value instanceof LocalDate date) {
					return STRICT.format(date);
				}
				if (value instanceof String text && parse(text) instanceof LocalDate date) {
					return STRICT.format(date);
				}
				throw new CoercingSerializeException("Not a date");
			}

			@Override
			public Object parseValue(Object input, GraphQLContext context, Locale locale) {
				if (input instanceof String text) {
					Object parsed = parse(text);
					if (parsed != null) {
						return parsed;
					}
				}
				throw new CoercingParseValueException("is not a date: write it as YYYY-MM-DD, e.g. 2024-03-31");
			}

			@Override
			public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
					Locale locale) {
				if (input instanceof StringValue text) {
					Object parsed = parse(text.getValue());
					if (parsed != null) {
						return parsed;
					}
				}
				throw new CoercingParseLiteralException("is not a date: write it as YYYY-MM-DD, e.g. 2024-03-31");
			}

			@Override
			public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
				return StringValue.newStringValue(serialize(input, context, locale)).build();
			}
		})
		.build();

	private DateScalar() {
	}

	/** A strict date, an {@link InvalidDate} for a well-shaped day that does not exist, or null for other text. */
	static Object parse(String text) {
		if (text == null || !SHAPE.matcher(text).matches()) {
			return null;
		}
		try {
			return LocalDate.parse(text, STRICT);
		}
		catch (DateTimeException ex) {
			return new InvalidDate("is not a real calendar day (" + text + "); check the day and the month");
		}
	}
}
