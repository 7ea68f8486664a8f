"""Operations, their covert authorities, activity and disruptions."""
