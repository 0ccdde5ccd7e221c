package io.github.setclip.cli;

import io.github.setclip.losses.ClNegatives;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --cl-negatives}: paired, all or one-sided (any case; the enum spells ONE_SIDED). */
final class ClNegativesConverter implements ITypeConverter<ClNegatives> {

    @Override
    public ClNegatives convert(String value) {
        try {
            return ClNegatives.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected paired, all or one-sided, got '" + value + "'");
        }
    }
}
