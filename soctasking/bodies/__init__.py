"""The contributing bodies: police forces, ROCUs, agencies and national units."""
