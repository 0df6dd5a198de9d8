from ui.launch import main

main()
