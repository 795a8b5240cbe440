from studylab.study import cards_face, face
from studylab.ui import site

page = site.start_page(__file__)
store, questions, learner = face.setup(page, "Flashcards")
if learner:
    cards_face.flashcards_page(store, learner, questions)
