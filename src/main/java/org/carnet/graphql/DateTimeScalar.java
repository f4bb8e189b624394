package org.carnet.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;

/** The {@code DateTime} scalar of the extended scalars, which also serialises {@link Instant}s (as UTC). */
final class DateTimeScalar {

	@SuppressWarnings("unchecked")
	private static final Coercing<Object, String> BASE = (Coercing<Object, String>) ExtendedScalars.DateTime.getCoercing();

	static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
		.name("DateTime")
		.description(ExtendedScalars.DateTime.getDescription())
		.coercing(new Coercing<Object, String>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				Object temporal = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
				String written = temporal instanceof OffsetDateTime dateTime ? format(dateTime) : null;
				return written != null ? written : BASE.serialize(temporal, context, locale);
			}

			@Override
			public Object parseValue(Object input, GraphQLContext context, Locale locale) {
				Object invalid = input instanceof String text ? invalidDay(text) : null;
				return invalid != null ? invalid : BASE.parseValue(input, context, locale);
			}

			@Override
			public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
					Locale locale) {
				Object invalid = input instanceof StringValue text ? invalidDay(text.getValue()) : null;
				return invalid != null ? invalid : BASE.parseLiteral(input, variables, context, locale);
			}
		})
		.build();

	private DateTimeScalar() {
	}

	/**
	 * The text the extended scalar writes ({@code yyyy-MM-dd'T'HH:mm:ss.SSS} and the offset as {@code +HH:MM} or
	 * {@code Z}, the fraction cut, not rounded), without its formatter, which takes a {@code BigDecimal} for the
	 * fraction of every value: a whole record has dozens. Null outside the years 0 to 9999 or for an offset with
	 * seconds, left to the extended scalar.
	 */
	static String format(OffsetDateTime value) {
		int year = value.getYear();
		int offset = value.getOffset().getTotalSeconds();
		if (year < 0 || year > 9999 || offset % 60 != 0) {
			return null;
		}
		char[] text = new char[offset == 0 ? 24 : 29];
		digits(text, 0, year, 4);
		text[4] = '-';
		digits(text, 5, value.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, value.getDayOfMonth(), 2);
		text[10] = 'T';
		digits(text, 11, value.getHour(), 2);
		text[13] = ':';
		digits(text, 14, value.getMinute(), 2);
		text[16] = ':';
		digits(text, 17, value.getSecond(), 2);
		text[19] = '.';
		digits(text, 20, value.getNano() / 1_000_000, 3);
		if (offset == 0) {
			text[23] = 'Z';
		}
		else {
			int minutes = Math.abs(offset) / 60;
			text[23] = offset < 0 ? '-' : '+';
			digits(text, 24, minutes / 60, 2);
			text[26] = ':';
			digits(text, 27, minutes % 60, 2);
		}
		return new String(text);
	}

	private static void digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	/** The day of a date-time read strictly: {@code 2026-02-30T10:00:00Z} is refused, not moved to 28 February. */
	private static Object invalidDay(String text) {
		if (text.length() > 10 && (text.charAt(10) == 'T' || text.charAt(10) == 't')
				&& DateScalar.parse(text.substring(0, 10)) instanceof DateScalar.InvalidDate invalid) {
			return invalid;
		}
		return null;
	}
}
