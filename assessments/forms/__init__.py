"""The self-assessment app's forms, by what they are for; import from the modules."""
