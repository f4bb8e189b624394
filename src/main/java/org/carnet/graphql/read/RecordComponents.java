package org.carnet.graphql.read;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The components of Java records by name, each read through a function made once per record class (as a lambda
 * {@code Allergy::substance} would be; through the accessor's method handle where that cannot be made). The entries'
 * contents, their provenance and an encounter's referrals are records; graphql-java's property fetcher would build a
 * cache key and search two maps for each of the hundreds of fields of a whole record, and a method handle that is not
 * a constant is invoked through its adapters each time.
 */
final class RecordComponents {

	private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

	private static final ClassValue<Map<String, Function<Object, Object>>> ACCESSORS = new ClassValue<>() {
		@Override
		protected Map<String, Function<Object, Object>> computeValue(Class<?> type) {
			Map<String, Function<Object, Object>> accessors = new HashMap<>();
			if (type.isRecord()) {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				for (RecordComponent component : type.getRecordComponents()) {
					try {
						accessors.put(component.getName(), function(lookup, lookup.unreflect(component.getAccessor())));
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
	static Function<Object, Object> accessor(Class<?> type, String name) {
		return ACCESSORS.get(type).get(name);
	}

	@SuppressWarnings("unchecked")
	private static Function<Object, Object> function(MethodHandles.Lookup lookup, MethodHandle accessor) {
		try {
			CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
					GETTER, accessor, accessor.type().wrap());
			return (Function<Object, Object>) site.getTarget().invokeExact();
		}
		catch (Throwable ex) {
			// not linkable from here as a lambda (a class this package may read but not link to): the handle itself
			MethodHandle handle = accessor.asType(GETTER);
			return record -> {
				try {
					return (Object) handle.invokeExact(record);
				}
				catch (RuntimeException | Error failure) {
					throw failure;
				}
				catch (Throwable failure) {
					throw new IllegalStateException(failure);
				}
			};
		}
	}
}
