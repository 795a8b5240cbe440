from studylab.study import face as ui_quiz
from studylab.ui import site as ui

page = ui.start_page(__file__)
store, questions, learner = ui_quiz.setup(page, "Progress")
if learner:
    ui_quiz.progress_page(store, learner, questions)
