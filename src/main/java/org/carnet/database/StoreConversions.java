package org.carnet.database;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;

/**
 * The conversions Spring Data JDBC repositories ({@code *Store}) map their value types with: those of the shared
 * types ({@link PersonId} as {@code uuid}, {@link Jurisdiction} as its code) and every converter bean a module
 * declares with {@link ReadingConverter} or {@link WritingConverter} (its own ids), besides PostgreSQL's.
 */
@Configuration(proxyBeanMethods = false)
class StoreConversions {

	@Bean
	JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect, ApplicationContext context) {
		List<Object> converters = new ArrayList<>(List.of(new PersonIdToUuid(), new UuidToPersonId(),
				new JurisdictionToCode(), new CodeToJurisdiction()));
		converters.addAll(context.getBeansWithAnnotation(ReadingConverter.class).values());
		converters.addAll(context.getBeansWithAnnotation(WritingConverter.class).values());
		return JdbcCustomConversions.of(dialect, converters);
	}

	@WritingConverter
	static final class PersonIdToUuid implements Converter<PersonId, UUID> {

		@Override
		public UUID convert(PersonId source) {
			return source.value();
		}
	}

	@ReadingConverter
	static final class UuidToPersonId implements Converter<UUID, PersonId> {

		@Override
		public PersonId convert(UUID source) {
			return new PersonId(source);
		}
	}

	@WritingConverter
	static final class JurisdictionToCode implements Converter<Jurisdiction, String> {

		@Override
		public String convert(Jurisdiction source) {
			return source.code();
		}
	}

	/** A {@code char(2)} column's code (trimmed, as a padded value would be). */
	@ReadingConverter
	static final class CodeToJurisdiction implements Converter<String, Jurisdiction> {

		@Override
		public Jurisdiction convert(String source) {
			return Jurisdiction.of(source.trim());
		}
	}
}
