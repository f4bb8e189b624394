package org.carnet.consent;

import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.stereotype.Component;

/** How the consent module's ids are stored: as the {@code uuid} they wrap (for the Spring Data JDBC stores). */
final class IdConverters {

	private IdConverters() {
	}

	@Component
	@WritingConverter
	static final class GrantIdToUuid implements Converter<GrantId, UUID> {

		@Override
		public UUID convert(GrantId source) {
			return source.value();
		}
	}

	@Component
	@ReadingConverter
	static final class UuidToGrantId implements Converter<UUID, GrantId> {

		@Override
		public GrantId convert(UUID source) {
			return new GrantId(source);
		}
	}

	@Component
	@WritingConverter
	static final class ConsentRequestIdToUuid implements Converter<ConsentRequestId, UUID> {

		@Override
		public UUID convert(ConsentRequestId source) {
			return source.value();
		}
	}

	@Component
	@ReadingConverter
	static final class UuidToConsentRequestId implements Converter<UUID, ConsentRequestId> {

		@Override
		public ConsentRequestId convert(UUID source) {
			return new ConsentRequestId(source);
		}
	}

	@Component
	@WritingConverter
	static final class ShareCodeIdToUuid implements Converter<ShareCodeId, UUID> {

		@Override
		public UUID convert(ShareCodeId source) {
			return source.value();
		}
	}

	@Component
	@ReadingConverter
	static final class UuidToShareCodeId implements Converter<UUID, ShareCodeId> {

		@Override
		public ShareCodeId convert(UUID source) {
			return new ShareCodeId(source);
		}
	}
}
