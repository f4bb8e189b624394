package org.carnet.graphql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import graphql.GraphQLContext;
import graphql.scalars.ExtendedScalars;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The DateTime scalar writes exactly what the extended scalar writes, for every value it writes itself. */
class DateTimeScalarTests {

	private static String extended(Object value) {
		return (String) ExtendedScalars.DateTime.getCoercing()
			.serialize(value, GraphQLContext.getDefault(), Locale.ENGLISH);
	}

	private static String ours(Object value) {
		return (String) DateTimeScalar.INSTANCE.getCoercing()
			.serialize(value, GraphQLContext.getDefault(), Locale.ENGLISH);
	}

	@Test
	void edgesOfYearsFractionsAndOffsetsAreWrittenAsTheExtendedScalarWritesThem() {
		List<OffsetDateTime> values = new ArrayList<>();
		LocalDateTime[] times = { LocalDateTime.of(0, 1, 1, 0, 0), LocalDateTime.of(1, 2, 3, 4, 5, 6, 7),
				LocalDateTime.of(999, 12, 31, 23, 59, 59, 999_999_999), LocalDateTime.of(2026, 12, 6, 9, 7, 0, 1_000_000),
				LocalDateTime.of(2024, 2, 29, 12, 0, 0, 120_000_000), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000),
				LocalDateTime.of(10_000, 1, 1, 0, 0), LocalDateTime.of(-1, 6, 15, 8, 30) };
		ZoneOffset[] offsets = { ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-3),
				ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.MAX, ZoneOffset.MIN, ZoneOffset.ofTotalSeconds(30),
				ZoneOffset.ofTotalSeconds(-30), ZoneOffset.ofHoursMinutesSeconds(5, 30, 15) };
		for (LocalDateTime time : times) {
			for (ZoneOffset offset : offsets) {
				values.add(OffsetDateTime.of(time, offset));
			}
		}
		for (OffsetDateTime value : values) {
			assertThat(ours(value)).as("%s", value).isEqualTo(extended(value));
		}
		assertThat(ours(OffsetDateTime.of(2026, 12, 6, 9, 7, 0, 1_999_999, ZoneOffset.UTC)))
			.isEqualTo("2026-12-06T09:07:00.001Z");
		assertThat(ours(OffsetDateTime.of(2026, 12, 6, 9, 7, 0, 0, ZoneOffset.ofHoursMinutes(-9, -30))))
			.isEqualTo("2026-12-06T09:07:00.000-09:30");
		// written without the extended scalar's formatter for years 0 to 9999 and offsets of whole minutes only
		assertThat(DateTimeScalar.format(values.get(0))).isNotNull();
		assertThat(DateTimeScalar.format(OffsetDateTime.of(times[6], ZoneOffset.UTC))).isNull();
		assertThat(DateTimeScalar.format(OffsetDateTime.of(times[3], ZoneOffset.ofTotalSeconds(30)))).isNull();
	}

	@Test
	void randomDateTimesAndInstantsAreWrittenAsTheExtendedScalarWritesThem() {
		Random random = new Random(20261206);
		for (int i = 0; i < 100_000; i++) {
			long second = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0 to 9999
			int nano = random.nextInt(1_000_000_000);
			ZoneOffset offset = random.nextInt(4) == 0 ? ZoneOffset.UTC
					: ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60 + 1, 18 * 60) * 60
							+ (random.nextInt(10) == 0 ? random.nextInt(-59, 60) : 0));
			Instant instant = Instant.ofEpochSecond(second, nano);
			OffsetDateTime value = instant.atOffset(offset);
			assertThat(ours(value)).as("%s", value).isEqualTo(extended(value));
			assertThat(ours(instant)).as("%s", instant).isEqualTo(extended(instant.atOffset(ZoneOffset.UTC)));
		}
	}
}
