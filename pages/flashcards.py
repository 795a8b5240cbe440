from studylab.study import face as ui_quiz
from studylab.ui import site as ui

page = ui.start_page(__file__)
store, questions, learner = ui_quiz.setup(page, "Flashcards")
if learner:
    ui_quiz.flashcards_page(store, learner, questions)
