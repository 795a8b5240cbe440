"""Study: self-quizzing: the question bank, study modes, spaced repetition, progress storage and stats.

``bank`` turns question rows into questions and marks answers; ``modes`` picks what to ask;
``schedule`` wraps the ``fsrs`` scheduler; ``question_deck`` reads and writes question deck CSV files; ``store``
keeps learners' answers and cards in the database; ``stats`` summarises them.
"""
