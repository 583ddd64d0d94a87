module example.com/badmod

requre example.com/x v1.0.0
