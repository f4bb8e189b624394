package org.carnet.graphql.read;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * The components of Java records by name, read through one method handle each, found once per record class. The
 * entries' contents, their provenance and an encounter's referrals are records; graphql-java's property fetcher
 * would build a cache key and search two maps for each of the hundreds of fields of a whole record.
 */
final class RecordComponents {

	private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

	private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
		@Override
		protected Map<String, MethodHandle> computeValue(Class<?> type) {
			Map<String, MethodHandle> accessors = new HashMap<>();
			if (type.isRecord()) {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				for (RecordComponent component : type.getRecordComponents()) {
					try {
						accessors.put(component.getName(), lookup.unreflect(component.getAccessor()).asType(GETTER));
					}
					catch (IllegalAccessException ex) {
						// a record this package cannot see into: read the slow way
					}
				}
			}
			return Map.copyOf(accessors);
		}
	};

	private RecordComponents() {
	}

	/** The accessor of the component {@code name} of the record {@code type}, or null when there is none to use. */
	static MethodHandle accessor(Class<?> type, String name) {
		return ACCESSORS.get(type).get(name);
	}

	/** The value of the component through its accessor. */
	static Object read(MethodHandle accessor, Object record) throws Throwable {
		return (Object) accessor.invokeExact(record);
	}
}
