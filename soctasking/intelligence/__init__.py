"""The intelligence picture: national assessments, requirements, timetables and submissions."""
